from django.urls import include, path

from samizdat.accounts.oidc import views

# allauth's names and shape (/accounts/oidc/<provider_id>/login/…), served by the nonce-checking
# views. allauth.urls collects these through the provider class's package.
urlpatterns = [
    path(
        "oidc/<str:provider_id>/",
        include(
            [
                path("login/", views.login, name="openid_connect_login"),
                path("login/callback/", views.callback, name="openid_connect_callback"),
            ]
        ),
    )
]
