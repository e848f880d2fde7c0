"""Writing the append-only audit log. Every view of or change to personal data calls this."""

from django.db import models

from opencmh.core.models import AuditEvent


def record_event(
    *,
    user,
    action: str,
    obj: models.Model | None = None,
    person=None,
    description: str = "",
    reason: str = "",
    break_glass: bool = False,
) -> AuditEvent:
    authenticated = user is not None and user.is_authenticated
    return AuditEvent.objects.create(
        user=user if authenticated else None,
        user_display=user.display_name if authenticated else "Member of the public",
        role=getattr(user, "role", "") if authenticated else "",
        action=action,
        person=person,
        object_type=obj._meta.label if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        description=description[:255],
        reason=reason,
        break_glass=break_glass,
    )


def record_person_view(*, user, grant, description: str) -> AuditEvent:
    """Audit a view of a person's record reached through core.access.person_access,
    flagging it when it was opened with break-glass access."""
    return record_event(
        user=user,
        action=AuditEvent.Action.VIEW,
        obj=grant.person,
        person=grant.person,
        description=description,
        break_glass=grant.access.value == "break_glass",
    )
