"""The generated localisation data: reproducible, balanced, boxes around the objects."""

from __future__ import annotations

import numpy as np

from apps.demos.engines.cam.data import CLASSES, SIZE, generate, tensor_sha256


def test_same_seed_same_images_other_seed_other_images():
    a, b, c = generate(64, 5, "train"), generate(64, 5, "train"), generate(64, 6, "train")
    assert tensor_sha256(a.images) == tensor_sha256(b.images) != tensor_sha256(c.images)
    assert np.array_equal(a.boxes, b.boxes) and np.array_equal(a.labels, b.labels)


def test_images_labels_and_boxes_are_well_formed():
    ds = generate(160, 7, "heldout")
    assert ds.images.shape == (160, SIZE, SIZE) and ds.images.dtype == np.float32
    assert ds.images.min() >= 0.0 and ds.images.max() <= 1.0
    assert np.bincount(ds.labels, minlength=len(CLASSES)).tolist() == [20] * len(CLASSES)
    left, top, right, bottom = ds.boxes.T
    assert (left >= 0).all() and (top >= 0).all() and (right <= SIZE).all() and (bottom <= SIZE).all()
    assert ((right - left) >= 3).all() and ((bottom - top) >= 5).all()


def test_the_object_is_brighter_inside_its_box_than_outside():
    ds = generate(80, 8, "heldout")
    for image, (left, top, right, bottom) in zip(ds.images, ds.boxes, strict=True):
        inside = np.zeros_like(image, dtype=bool)
        inside[top:bottom, left:right] = True
        assert image[inside].max() > 0.4
        assert np.percentile(image[inside], 90) > np.percentile(image[~inside], 90)


def test_digit_pools_do_not_share_glyphs():
    from apps.demos.engines.cam.data import _digit_pool

    train, held_out = _digit_pool("train"), _digit_pool("heldout")
    for digit, glyphs in train.items():
        flat_train = {g.tobytes() for g in glyphs}
        assert not flat_train & {g.tobytes() for g in held_out[digit]}
