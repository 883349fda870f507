"""Supply chain: every pinned requirement has a hash in requirements.lock, and the vendored
front-end files are exactly the recorded versions and bytes."""

import hashlib
import re
from pathlib import Path

from scripts.lock_requirements import pins

ROOT = Path(__file__).resolve().parents[2]
VENDOR = ROOT / "static" / "vendor"


def test_requirements_lock_pins_every_requirement_with_a_hash():
    """If this fails after a change to requirements.txt, run `make hashes`."""
    locked = []
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        if line and not line.startswith("#"):
            match = re.fullmatch(r"(\S+)==(\S+) --hash=sha256:([0-9a-f]{64})", line)
            assert match, f"requirements.lock: {line!r}"
            locked.append((match.group(1), match.group(2)))
    assert locked == pins(ROOT / "requirements.txt"), "requirements.lock is out of date: run `make hashes`"


def test_vendored_files_match_their_recorded_checksums():
    recorded = {}
    for line in (VENDOR / "SHA256SUMS").read_text().splitlines():
        digest, name = line.split("  ", 1)
        recorded[name] = digest
    on_disk = {
        str(p.relative_to(VENDOR)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in VENDOR.rglob("*")
        if p.is_file() and p.name not in {"SHA256SUMS", "VERSIONS"}
    }
    assert on_disk == recorded


def test_vendored_versions_are_the_pinned_ones():
    versions = dict(line.split() for line in (VENDOR / "VERSIONS").read_text().splitlines())
    script = (ROOT / "scripts" / "vendor_static.sh").read_text()
    assert f"HTMX_VERSION={versions['htmx.org']}" in script
    assert f"KATEX_VERSION={versions['katex']}" in script
    assert f'version:"{versions["htmx.org"]}"' in (VENDOR / "htmx" / "htmx.min.js").read_text()
    assert f'version:"{versions["katex"]}"' in (VENDOR / "katex" / "katex.min.js").read_text()
