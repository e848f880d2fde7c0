"""The public self-referral: no account needed, one question per page, answers kept in the session."""

from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from opencmh.nhsuk_forms.fields import choice_params
from opencmh.organisations.selectors import gp_practice_by_id, search_gp_practices
from opencmh.referrals.forms_self_referral import FORMS, GPPracticeForm
from opencmh.referrals.self_referral import (
    NOT_REGISTERED,
    STEP_SLUGS,
    STEPS,
    SelfReferralSession,
    check_answer_rows,
    previous_step,
    send_self_referral,
)

TITLES = {step.slug: step.title for step in STEPS}
START_TITLE = "Ask for help from community mental health services"


def _step_url(slug: str | None) -> str:
    return reverse(f"self_referral:{slug}") if slug else reverse("self_referral:start")


def _detour(journey: SelfReferralSession, slug: str | None = None):
    """Where to send someone who cannot see this page yet (or any more), else None."""
    if journey.sent:
        return redirect("self_referral:sent")
    if not journey.started:
        return redirect("self_referral:start")
    if slug is None:
        unanswered = journey.first_unanswered()
        return redirect(_step_url(unanswered)) if unanswered else None
    if not journey.can_visit(slug):
        return redirect(_step_url(journey.first_unanswered()))
    return None


def _context(journey: SelfReferralSession, **extra) -> dict:
    return {"urgent": journey.urgent, "under_18": journey.under_18, **extra}


@require_http_methods(["GET", "POST"])
def start(request):
    journey = SelfReferralSession(request.session)
    if request.method == "POST":
        journey.begin()
        return redirect(_step_url(STEP_SLUGS[0]))
    return render(
        request,
        "referrals/self/start.jinja",
        {"page_title": START_TITLE, "in_progress": journey.started and not journey.sent},
    )


@require_http_methods(["GET", "POST"])
def question(request, step: str):
    journey = SelfReferralSession(request.session)
    if (detour := _detour(journey, step)) is not None:
        return detour
    if step == "gp-practice":
        return _gp_practice(request, journey)
    initial = journey.answers(step)
    if step == "date-of-birth":
        initial["date_of_birth"] = journey.date_of_birth
    form = FORMS[step](request.POST if request.method == "POST" else None, initial=initial)
    if form.is_bound and form.is_valid():
        journey.set_answers(step, form.cleaned_data)
        return _onwards(journey)
    return _render_question(request, journey, step, form)


def _onwards(journey: SelfReferralSession):
    # In order the first time through; after a change from the check page, back to it.
    unanswered = journey.first_unanswered()
    return redirect(_step_url(unanswered) if unanswered else reverse("self_referral:check"))


def _render_question(request, journey, step, form, **extra):
    back = _step_url(previous_step(step))
    if journey.complete_answers:
        back = reverse("self_referral:check")
    return render(
        request,
        f"referrals/self/{step}.jinja",
        _context(
            journey,
            page_title=TITLES[step],
            form=form,
            step=step,
            back_href=back,
            # Straight after saying they are in danger, the crisis lines come first and in full.
            show_crisis_in_full=journey.urgent and step == STEP_SLUGS[1],
            **extra,
        ),
    )


def _gp_practice(request, journey: SelfReferralSession):
    saved = journey.answers("gp-practice")
    posted = request.POST if request.method == "POST" else None
    searching = posted is not None and posted.get("action") == "search"
    query = (posted.get("q", "") if posted is not None else saved.get("q", "")).strip()
    results = search_gp_practices(query) if query else []
    # Keep the practice already chosen (or just chosen) selectable whatever the search shows.
    for practice_id in (saved.get("gp_practice"), posted and posted.get("gp_practice")):
        practice = gp_practice_by_id(practice_id) if practice_id != NOT_REGISTERED else None
        if practice is not None and practice not in results:
            results.insert(0, practice)
    choices = [(str(p.pk), str(p)) for p in results]
    form = GPPracticeForm(posted, choices=choices, searching=searching, initial=saved)
    if posted is not None and form.is_valid() and not searching:
        journey.set_answers(
            "gp-practice", {"gp_practice": form.cleaned_data["gp_practice"], "q": query}
        )
        return _onwards(journey)
    if searching and not form.errors:
        form = GPPracticeForm(
            choices=choices, searching=False, initial={"q": query, **_chosen(saved, posted)}
        )
    radios = choice_params(
        form["gp_practice"],
        fieldset={
            "legend": {
                "text": "Choose your GP practice" if results else "If you cannot find it",
                "size": "s",
            }
        },
    )
    if len(radios["items"]) > 1:
        radios["items"].insert(-1, {"divider": "or"})
    return _render_question(
        request,
        journey,
        "gp-practice",
        form,
        query=query,
        searched=bool(query),
        found=len(results),
        practice_radios=radios,
    )


def _chosen(saved: dict, posted) -> dict:
    chosen = (posted.get("gp_practice") if posted is not None else None) or saved.get("gp_practice")
    return {"gp_practice": chosen} if chosen else {}


@require_http_methods(["GET", "POST"])
def check(request):
    journey = SelfReferralSession(request.session)
    if (detour := _detour(journey)) is not None:
        return detour
    if request.method == "POST":
        send_self_referral(user=request.user, journey=journey)
        return redirect("self_referral:sent")
    return render(
        request,
        "referrals/self/check.jinja",
        _context(
            journey,
            page_title="Check your answers before sending",
            rows=check_answer_rows(journey),
            back_href=_step_url(STEP_SLUGS[-1]),
        ),
    )


def sent(request):
    journey = SelfReferralSession(request.session)
    if not journey.sent:
        return redirect("self_referral:start")
    return render(
        request,
        "referrals/self/sent.jinja",
        {"page_title": "Request sent", **journey.sent, "urgent": journey.sent["urgent"]},
    )
