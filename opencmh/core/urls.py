from django.urls import path
from django.views.generic import TemplateView

from opencmh.core.views import auth, home

app_name = "core"
urlpatterns = [
    path("", home.home, name="home"),
    path("sign-in/", auth.sign_in, name="sign_in"),
    path("sign-out/", auth.sign_out, name="sign_out"),
    path(
        "accessibility/",
        TemplateView.as_view(
            template_name="core/accessibility.jinja",
            extra_context={"page_title": "Accessibility statement"},
        ),
        name="accessibility",
    ),
]
