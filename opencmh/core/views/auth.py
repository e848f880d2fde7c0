"""Sign in and sign out. Passwords by default; OpenID Connect when configured."""

from django.conf import settings
from django.contrib.auth import login, logout
from django.contrib.auth.forms import AuthenticationForm
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods


class SignInForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "Enter a correct username and password. Both may be case-sensitive.",
        "inactive": "This account has been switched off. Ask your system administrator.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].error_messages["required"] = "Enter your username"
        self.fields["password"].error_messages["required"] = "Enter your password"


@require_http_methods(["GET", "POST"])
def sign_in(request):
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = ""
    form = SignInForm(request, data=request.POST or None)
    if request.method == "POST" and not settings.OIDC_ENABLED and form.is_valid():
        login(request, form.get_user())
        return redirect(next_url or "core:home")
    return render(
        request,
        "core/sign_in.jinja",
        {
            "form": form,
            "next": next_url,
            "oidc_enabled": settings.OIDC_ENABLED,
            "page_title": "Sign in",
        },
    )


@require_http_methods(["GET", "POST"])
def sign_out(request):
    if request.method == "POST":
        logout(request)
        return redirect("core:sign_in")
    return render(request, "core/sign_out.jinja", {"page_title": "Sign out"})


def locked_out(request, credentials=None, *args, **kwargs):
    response = render(
        request,
        "core/locked_out.jinja",
        {"page_title": "Too many attempts to sign in"},
        status=429,
    )
    return response
