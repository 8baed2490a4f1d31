from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views import i18n
from django.views.decorators.http import require_http_methods, require_POST

from lots import access
from lots.access.authentication import local_password_allowed
from lots.accounts import services, sessions
from lots.accounts.forms import ApiTokenForm, ChangePasswordForm, ChoosePasswordForm, LoginForm
from lots.accounts.models import ActiveSession, ApiToken
from lots.audit import services as audit
from lots.core.forms import apply_validation_error
from lots.mfa.stepup import require_recent_strong_auth


class LoginView(auth_views.LoginView):
    """The login page: the organisations' identity providers (or the one the host name belongs to) and, where the
    municipality allows it, the local password. A person whose municipality switched local passwords off is refused
    the password form, audited, and pointed to their organisation's sign-in."""

    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get(self, request, *args, **kwargs):
        import re

        from lots.identity.models import IdentityProvider

        if not request.user.is_authenticated:
            chosen = request.GET.get("organisation")
            slug = chosen if chosen and re.fullmatch(r"[-a-zA-Z0-9_]{1,60}", chosen) else None
            provider = IdentityProvider.objects.usable().filter(slug=slug).first() if slug else None
            if provider is not None and provider.get_login_url():
                return redirect(self._provider_url(provider))
            host_provider = IdentityProvider.objects.for_host(request.get_host())
            if (
                host_provider is not None
                and not host_provider.municipality.local_passwords_allowed
                and host_provider.get_login_url()
            ):
                return redirect(self._provider_url(host_provider))
        return super().get(request, *args, **kwargs)

    def _provider_url(self, provider) -> str:
        from urllib.parse import urlencode

        target = self.get_redirect_url()
        return provider.get_login_url() + ("?" + urlencode({"next": target}) if target else "")

    def get_context_data(self, **kwargs):
        from lots.identity.models import IdentityProvider

        context = super().get_context_data(**kwargs)
        host_provider = IdentityProvider.objects.for_host(self.request.get_host())
        providers = [p for p in IdentityProvider.objects.usable() if p.get_login_url()]
        for provider in providers:
            provider.login_link = self._provider_url(provider)
        context.update(
            host_provider=host_provider,
            host_provider_url=self._provider_url(host_provider) if host_provider else "",
            providers=[] if host_provider else providers,
            show_password=host_provider is None or host_provider.municipality.local_passwords_allowed,
        )
        return context

    def form_valid(self, form):
        from lots.access.authentication import local_password_allowed, municipalities_of
        from lots.identity.models import IdentityProvider
        from lots.mfa import session as auth_session

        user = form.get_user()
        if not local_password_allowed(user):
            municipalities = municipalities_of(user)
            names = [p.name for p in IdentityProvider.objects.usable().filter(municipality__in=municipalities)]
            form.add_error(
                None,
                _("Din kommun har stängt av inloggning med lösenord i Lots. Logga in via din organisation: %(providers)s.")
                % {"providers": ", ".join(names) or _("fråga kvalitetssamordnaren vilken")},
            )
            return self.form_invalid(form)
        response = super().form_valid(form)
        auth_session.set_login_method(self.request, "password")
        audit.record(actor=form.get_user(), action="login", obj=form.get_user())
        return response

    def form_invalid(self, form):
        if form.non_field_errors():  # the credentials were tried and refused, not just left empty
            audit.record_login_failed(username=form.data.get("username", ""))
        return super().form_invalid(form)


class LogoutView(auth_views.LogoutView):
    def post(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            audit.record(actor=request.user, action="logout", obj=request.user)
        return super().post(request, *args, **kwargs)


class PasswordChangeView(auth_views.PasswordChangeView):
    """Changing one's password keeps this session and ends every other one."""

    template_name = "accounts/password_change.html"
    form_class = ChangePasswordForm
    success_url = reverse_lazy("accounts:profile")

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not local_password_allowed(request.user):
            messages.info(request, _("Din kommun har stängt av lösenord i Lots. Du loggar in via din organisation."))
            return redirect("accounts:profile")
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        response = super().form_valid(form)
        audit.record(actor=self.request.user, action="update", obj=self.request.user, changes={"password": ("***", "***")})
        ended = sessions.sessions_end_others(
            actor=self.request.user,
            person=self.request.user,
            keep=sessions.current_row(self.request),
            note="Lösenordet bytt: övriga sessioner avslutade",
        )
        if ended:
            messages.success(self.request, _("Ditt lösenord är bytt och du är utloggad på dina andra inloggningar."))
        else:
            messages.success(self.request, _("Ditt lösenord är bytt."))
        return response

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=422)


class ChoosePasswordView(auth_views.PasswordResetConfirmView):
    """Choosing a password from an invitation or reset link: any session the person had is ended."""

    template_name = "accounts/choose_password.html"
    form_class = ChoosePasswordForm
    success_url = reverse_lazy("accounts:login")
    post_reset_login = False

    def form_valid(self, form):
        response = super().form_valid(form)
        audit.record(actor=form.user, action="update", obj=form.user, changes={"password": ("***", "***")})
        sessions.sessions_end_all(actor=form.user, person=form.user, note="Lösenord valt: sessioner avslutade")
        return response

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=422)


@login_required
def profile(request):
    return render(
        request,
        "accounts/profile.html",
        {
            "assignments": access.assignments_of(request.user),
            "tokens": request.user.api_tokens.all(),
            "new_key": request.session.pop("new_api_key", None),
            "session_count": sessions.sessions_of(request.user).count(),
            "local_password": local_password_allowed(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
@require_recent_strong_auth
def token_create(request):
    """The page for a new API token. The step-up is asked before the form is shown, so nothing typed is lost to it."""
    form = ApiTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            _token, key = services.api_token_create(
                actor=request.user, name=data["name"], scope=data["scope"], expires_on=data["expires_on"]
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            # Shown once on the next page and then gone: only the hash is stored.
            request.session["new_api_key"] = key
            return redirect("accounts:profile")
    return render(request, "accounts/token_form.html", {"form": form}, status=422 if form.errors else 200)


@login_required
@require_POST
def token_revoke(request, pk: int):
    try:
        token = ApiToken.objects.get(pk=pk, user=request.user)
    except (ApiToken.DoesNotExist, ValueError):
        raise Http404 from None
    services.api_token_revoke(actor=request.user, token=token)
    messages.success(request, _("API-nyckeln är återkallad och fungerar inte längre."))
    return redirect("accounts:profile")


@login_required
def session_list(request):
    """The person's own sessions: where they are signed in, and ending the others."""
    return render(
        request,
        "accounts/sessions.html",
        {"rows": sessions.session_rows(request.user, current=sessions.current_row(request))},
    )


@login_required
@require_POST
def session_end(request, pk: int):
    current = sessions.current_row(request)
    try:
        session = sessions.sessions_of(request.user).exclude(pk=current or 0).get(pk=pk)
    except (ActiveSession.DoesNotExist, ValueError):
        raise Http404 from None
    sessions.session_end(actor=request.user, session=session)
    messages.success(request, _("Inloggningen är avslutad."))
    return redirect("accounts:sessions")


@login_required
@require_POST
def sessions_end_others(request):
    ended = sessions.sessions_end_others(actor=request.user, person=request.user, keep=sessions.current_row(request))
    if ended:
        messages.success(request, _("Du är utloggad på alla andra inloggningar (%(count)s).") % {"count": ended})
    else:
        messages.info(request, _("Du var inte inloggad någon annanstans."))
    return redirect("accounts:sessions")


@require_POST
def set_language(request):
    """The language switch: the language cookie, as Django's own view sets it, and for a signed-in person also their
    account's language, which their mail is written in."""
    response = i18n.set_language(request)
    language = request.POST.get("language")
    if request.user.is_authenticated and language in {code for code, _name in settings.LANGUAGES}:
        services.person_set_language(person=request.user, language=language, actor=request.user)
    return response
