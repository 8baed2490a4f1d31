"""Small factory_boy factories for the foundation's models. Modules add their own beside their tests."""

import factory

from lots.accounts.models import RoleAssignment, User
from lots.organisation.models import Municipality, Provider, Unit, path_segment


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality

    name = factory.Sequence(lambda n: f"Testkommun {n}")
    slug = factory.Sequence(lambda n: f"testkommun-{n}")


class UnitFactory(factory.django.DjangoModelFactory):
    """A unit with its materialised path set, as the service would set it."""

    class Meta:
        model = Unit
        skip_postgeneration_save = True

    municipality = factory.LazyAttribute(lambda o: o.parent.municipality if o.parent else MunicipalityFactory())
    parent = None
    name = factory.Sequence(lambda n: f"Enhet {n}")
    kind = Unit.Kind.ENHET
    code = factory.Sequence(lambda n: f"enhet-{n}")

    @factory.post_generation
    def set_path(obj, create, extracted, **kwargs):
        obj.path = (obj.parent.path if obj.parent else "") + path_segment(obj.pk)
        obj.depth = obj.parent.depth + 1 if obj.parent else 0
        if create:
            obj.save(update_fields=["path", "depth"])


class ProviderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Provider

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"Utförare {n} AB")
    organisation_number = factory.Sequence(lambda n: f"55{n:04d}-0000")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"person{n}")
    first_name = factory.Sequence(lambda n: f"Förnamn{n}")
    last_name = "Testsson"
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.invalid")
    password = factory.PostGenerationMethodCall("set_password", "test-password-123")

    @factory.post_generation
    def saved(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class RoleAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleAssignment

    user = factory.SubFactory(UserFactory)
    role = "medarbetare"
    unit = None
    provider = None
    include_subunits = True
