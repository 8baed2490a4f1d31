from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lots import access
from lots.accounts import services
from lots.accounts.forms import ApiTokenForm, ChangePasswordForm, LoginForm
from lots.accounts.models import ApiToken
from lots.audit import services as audit


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
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
    template_name = "accounts/password_change.html"
    form_class = ChangePasswordForm
    success_url = reverse_lazy("accounts:profile")

    def form_valid(self, form):
        response = super().form_valid(form)
        audit.record(actor=self.request.user, action="update", obj=self.request.user, changes={"password": ("***", "***")})
        messages.success(self.request, _("Ditt lösenord är bytt."))
        return response


@login_required
def profile(request):
    form = ApiTokenForm()
    new_key = request.session.pop("new_api_key", None)
    return render(
        request,
        "accounts/profile.html",
        {
            "assignments": access.assignments_of(request.user),
            "tokens": request.user.api_tokens.all(),
            "form": form,
            "new_key": new_key,
        },
    )


@login_required
@require_POST
def token_create(request):
    form = ApiTokenForm(request.POST)
    if form.is_valid():
        try:
            _token, key = services.api_token_create(actor=request.user, name=form.cleaned_data["name"])
        except ValidationError as error:
            form.add_error("name", error.message_dict.get("name", error.messages))
        else:
            # Shown once on the next page and then gone: only the hash is stored.
            request.session["new_api_key"] = key
            return redirect("accounts:profile")
    return render(
        request,
        "accounts/profile.html",
        {"assignments": access.assignments_of(request.user), "tokens": request.user.api_tokens.all(), "form": form},
        status=422,
    )


@login_required
@require_POST
def token_revoke(request, pk: int):
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    services.api_token_revoke(actor=request.user, token=token)
    messages.success(request, _("API-nyckeln är återkallad och fungerar inte längre."))
    return redirect("accounts:profile")
