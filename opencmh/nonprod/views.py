"""Persona sign-in for the demo. This app is never installed in production."""

from django.contrib.auth import get_user_model, login
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from opencmh.nonprod.personas import DEMO_PASSWORD, PERSONAS


@require_http_methods(["GET", "POST"])
def personas(request):
    if request.method == "POST":
        username = request.POST.get("username", "")
        if username not in {p.username for p in PERSONAS}:
            raise Http404
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise Http404
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        return redirect("core:home")
    return render(
        request,
        "nonprod/personas.jinja",
        {"page_title": "Demo log-ins", "personas": PERSONAS, "password": DEMO_PASSWORD},
    )
