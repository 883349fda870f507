"""The demos' web layer: one module per demo holding its page view and its API router."""

from apps.demos.web import cam, masking, mlops, serving

ROUTERS = [masking.router, mlops.router, serving.router, cam.router]
