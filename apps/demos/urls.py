from django.urls import path

from apps.demos.web import cam, electra, index, lora, masking, mlm, mlops, serving

urlpatterns = [
    path("", index.index, name="demos-index"),
    path("masking/", masking.page, name="demo-masking"),
    path("mlops/", mlops.page, name="demo-mlops"),
    path("serving/", serving.page, name="demo-serving"),
    path("cam/", cam.page, name="demo-cam"),
    path("mlm/", mlm.page, name="demo-mlm"),
    path("electra/", electra.page, name="demo-electra"),
    path("lora/", lora.page, name="demo-lora"),
]
