"""Every view of a person's record is audited; break-glass needs a reason and is flagged."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from opencmh.core.models import AuditEvent, Role
from opencmh.core.services import start_break_glass


def test_viewing_a_person_writes_exactly_one_audit_row(world, client_for):
    user = world.users[Role.KEY_WORKER]
    before = AuditEvent.objects.filter(person=world.in_scope).count()
    client_for(user).get(reverse("people:detail", args=[world.in_scope.pk]))
    events = AuditEvent.objects.filter(person=world.in_scope)
    assert events.count() == before + 1
    event = events.first()
    assert (event.user, event.role, event.action, event.break_glass) == (
        user,
        Role.KEY_WORKER,
        "view",
        False,
    )


def test_a_denied_view_writes_no_view_row(world, client_for):
    client_for(world.users[Role.PARTNER_REFERRER]).get(
        reverse("people:detail", args=[world.in_scope.pk])
    )
    assert not AuditEvent.objects.filter(person=world.in_scope, action="view").exists()


def test_break_glass_without_a_reason_is_refused(world, client_for):
    client = client_for(world.users[Role.KEY_WORKER])
    url = reverse("people:break_glass", args=[world.out_of_scope.pk])
    response = client.post(url, {"reason": "   "})
    assert response.status_code == 200
    assert "Enter why you need to see this record" in response.content.decode()
    assert client.get(reverse("people:detail", args=[world.out_of_scope.pk])).status_code == 302
    assert not AuditEvent.objects.filter(person=world.out_of_scope).exists()
    with pytest.raises(ValidationError):
        start_break_glass(user=world.users[Role.KEY_WORKER], person=world.out_of_scope, reason="")


def test_break_glass_with_a_reason_opens_the_record_and_is_flagged(world, client_for):
    client = client_for(world.users[Role.KEY_WORKER])
    reason = "Person attended the crisis cafe tonight and staff asked for their safety plan"
    response = client.post(
        reverse("people:break_glass", args=[world.out_of_scope.pk]), {"reason": reason}
    )
    assert response.status_code == 302
    page = client.get(reverse("people:detail", args=[world.out_of_scope.pk]))
    assert page.status_code == 200
    assert "Emergency access" in page.content.decode()
    flagged = AuditEvent.objects.filter(person=world.out_of_scope, break_glass=True)
    assert {e.action for e in flagged} == {"break_glass", "view"}
    assert flagged.get(action="break_glass").reason == reason


def test_person_sees_who_accessed_their_record(world, client_for):
    client_for(world.users[Role.KEY_WORKER]).get(
        reverse("people:detail", args=[world.own_person.pk])
    )
    me = world.users[Role.PERSON]
    body = (
        client_for(me)
        .get(reverse("people:access_log", args=[world.own_person.pk]))
        .content.decode()
    )
    assert world.users[Role.KEY_WORKER].display_name in body
    assert "Key worker / clinician" in body


def test_audit_log_is_append_only(world, client_for):
    client_for(world.users[Role.KEY_WORKER]).get(reverse("people:detail", args=[world.in_scope.pk]))
    event = AuditEvent.objects.filter(person=world.in_scope).first()
    event.description = "tampered"
    with pytest.raises(PermissionDenied):
        event.save()
    with pytest.raises(PermissionDenied):
        event.delete()
    with pytest.raises(PermissionDenied):
        AuditEvent.objects.filter(pk=event.pk).update(description="tampered")
    with pytest.raises(PermissionDenied):
        AuditEvent.objects.all().delete()
