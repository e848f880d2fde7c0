"""Writes owned by core: break-glass access."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from opencmh.core.access import BREAK_GLASS_DURATION
from opencmh.core.audit import record_event
from opencmh.core.models import CLINICAL_ROLES, AuditEvent, BreakGlassAccess


@transaction.atomic
def start_break_glass(*, user, person, reason: str) -> BreakGlassAccess:
    """Open a person's record outside the user's scope for a few hours, with a reason."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("Enter why you need to see this record")
    if user.role not in CLINICAL_ROLES:
        raise ValidationError("Only clinical staff can use emergency access")
    grant = BreakGlassAccess.objects.create(
        user=user, person=person, reason=reason, expires_at=timezone.now() + BREAK_GLASS_DURATION
    )
    record_event(
        user=user,
        action=AuditEvent.Action.BREAK_GLASS,
        obj=person,
        person=person,
        description="Emergency access to a record outside the user's teams",
        reason=reason,
        break_glass=True,
    )
    return grant
