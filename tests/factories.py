"""factory-boy factories for the care platform's models."""

import datetime as dt
import random

import factory
from django.utils import timezone

from opencmh.core.models import Role, User
from opencmh.core.nhs_number import synthetic_nhs_number
from opencmh.organisations import models as org
from opencmh.people.models import Person
from opencmh.referrals.models import Referral

_rng = random.Random(7)


class ICBFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = org.ICB

    code = factory.Sequence(lambda n: f"Q{n:02d}")
    name = factory.Sequence(lambda n: f"Test ICB {n}")


class PlaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = org.SubICBLocation

    code = factory.Sequence(lambda n: f"{n:02d}X")
    name = factory.Sequence(lambda n: f"Place {n}")
    icb = factory.SubFactory(ICBFactory)


class PCNFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = org.PrimaryCareNetwork

    code = factory.Sequence(lambda n: f"U{n:05d}")
    name = factory.Sequence(lambda n: f"PCN {n}")
    place = factory.SubFactory(PlaceFactory)


class PracticeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = org.GPPractice

    code = factory.Sequence(lambda n: f"Y{n:05d}")
    name = factory.Sequence(lambda n: f"Practice {n}")
    pcn = factory.SubFactory(PCNFactory)


class ProviderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = org.Provider
        django_get_or_create = ("code",)

    code = "RZ9"
    name = "Test Mental Health Trust"


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = org.Team

    provider = factory.SubFactory(ProviderFactory)
    local_id = factory.Sequence(lambda n: f"T{n:03d}")
    name = factory.Sequence(lambda n: f"Team {n}")
    team_type = "A06"
    place = factory.SubFactory(PlaceFactory)


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = org.PartnerOrganisation

    name = factory.Sequence(lambda n: f"Partner {n}")
    kind = org.PartnerOrganisation.Kind.VCSE
    place = factory.SubFactory(PlaceFactory)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    nhs_number = factory.LazyFunction(lambda: synthetic_nhs_number(_rng))
    given_name = factory.Faker("first_name", locale="en_GB")
    family_name = factory.Sequence(lambda n: f"Testperson{n}")
    date_of_birth = dt.date(1985, 6, 15)
    sex = "2"
    ethnic_category = "A"
    postcode = "LS1 4AP"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"User{n}")
    role = Role.KEY_WORKER
    password = factory.django.Password("a-long-test-password")

    @factory.post_generation
    def teams(self, create, extracted, **kwargs):
        if create and extracted:
            self.teams.set(extracted)


class ReferralFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Referral

    person = factory.SubFactory(PersonFactory)
    team = factory.SubFactory(TeamFactory)
    source_of_referral = "A1"
    primary_reason = "04"
    received_on = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=10))
    status = "received"
    status_changed_at = factory.LazyFunction(timezone.now)
