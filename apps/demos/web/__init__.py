"""The demos' web layer: one module per demo holding its page view and its API router."""

from apps.demos.web import cam, electra, lora, masking, mlm, mlops, serving

ROUTERS = [masking.router, mlops.router, serving.router, cam.router, mlm.router, electra.router, lora.router]
