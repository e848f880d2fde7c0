from opencmh.bereavement import services
from opencmh.core.models import Role
from tests.factories import UserFactory


def bereavement_worker():
    return UserFactory(role=Role.BEREAVEMENT_SUPPORT_WORKER, first_name="Ruth", last_name="Adeyemi")


def bereavement_referral(worker, *, received_at, family_name="Marchbank", **overrides):
    fields = {
        "given_name": "Lena",
        "family_name": family_name,
        "phone": "07700 900123",
        "source": "police",
        "received_at": received_at,
        "relationship": "parent",
        "consent_to_contact": True,
    }
    fields.update(overrides)
    return services.record_referral(user=worker, **fields)
