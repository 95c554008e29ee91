"""The report upload keeps its token home: a collector's redirect to another scheme, host or port is not
followed with the Authorization header, the outcome names where the report went (or why not), and the token
can come from a file instead of the command line (--upload-header-file). Runs under AddressSanitizer."""
import glob
import json
import os
import subprocess
import tempfile

from harness import Swtpm, Workspace, check, provisioned_state
from test_http_client import MockServer
from test_scenarios import ENDPOINTS, aik_host, test_cabs

TOKEN = "Bearer 7c1d-UPLOAD-SECRET"


def upload_run(build, server, work, extra):
    """One check run against swtpm with the online hosts and collector.test mapped to the mock server; returns the
    report, stdout and stderr as text, so the tests can look for the token everywhere."""
    tpm = Swtpm(provisioned_state(build, os.path.join(tempfile.mkdtemp(dir=work), "tpm")))
    try:
        maps = [f"{h}:127.0.0.1:{server.port}" for h in (aik_host(build), *ENDPOINTS, "collector.test")]
        out = subprocess.run([os.path.join(build, "asan/preflight"), "check", "--tpm", tpm.spec(), "--trust",
                              os.path.join(test_cabs(build), "good.cab"), "--virtual-tpm-warn", "--json",
                              "--sntp-server", "off", "--ca", server.ca, *extra,
                              *[a for m in maps for a in ("--connect-to", m)]],
                             capture_output=True, text=True, timeout=120)
    finally:
        tpm.stop()
    check("ERROR: AddressSanitizer" not in out.stderr and "runtime error" not in out.stderr, out.stderr[-3000:])
    return json.loads(out.stdout), out.stdout + out.stderr, out.stderr


def received(store):
    """The headers of every request a mock collector stored."""
    texts = []
    for path in sorted(glob.glob(os.path.join(store, "*.headers"))):
        with open(path) as f:
            texts.append(f.read())
    return texts


def test_upload_redirect_to_another_origin_keeps_the_token(build):
    """Collector A (https) answers 307 to collector B on another port over plain http: B never receives anything
    (so no Authorization), the upload is not retried, and the outcome says where the redirect pointed and why it
    was not followed. A 307 within A's origin is followed and the outcome names the URL that took the report."""
    with Workspace(build) as work:
        store_a, store_b = os.path.join(work, "a"), os.path.join(work, "b")
        os.makedirs(store_a)
        os.makedirs(store_b)
        b = MockServer(build, None, store=store_b)
        a = MockServer(build, "server", store=store_a, require_header=f"Authorization: {TOKEN}",
                       post_redirects={"/collect/moved": f"http://127.0.0.1:{b.port}/collect/stolen",
                                       "/collect/renamed": "/collect/here"})
        try:
            _, text, stderr = upload_run(build, a, work, ("--upload", "https://collector.test/collect/moved",
                                                          "--upload-header", f"Authorization: {TOKEN}"))
            check(received(store_b) == [], f"collector B received a request: {received(store_b)}")
            check(f"upload NOT sent: redirects failed [HTTP-REDIRECT-CROSS-ORIGIN]: the redirect (HTTP 307) to "
                  f"http://127.0.0.1:{b.port}/ was not "
                  "followed" in stderr and "credentials" in stderr, stderr[-2000:])
            check("attempt 1 of 3" in stderr and "attempt 2" not in stderr, "a refused redirect was retried")
            check("UPLOAD-SECRET" not in text, "the token was printed")
            _, text, stderr = upload_run(build, a, work, ("--upload", "https://collector.test/collect/renamed",
                                                          "--upload-header", f"Authorization: {TOKEN}"))
            check("upload sent: HTTP 201 Created from https://collector.test/collect/here" in stderr, stderr[-2000:])
            check(len(received(store_a)) == 1 and TOKEN in received(store_a)[0], str(received(store_a)))
            check("UPLOAD-SECRET" not in text, "the token was printed")
        finally:
            a.stop()
            b.stop()


def test_upload_header_file_keeps_the_token_off_the_command_line(build):
    """--upload-header-file: the token comes from a file (comments, blank lines and CRLF allowed) and reaches the
    collector; a file with a bad line stops the run naming the line, never its text; a file other users can read
    gets a warning."""
    with Workspace(build) as work:
        store = os.path.join(work, "store")
        os.makedirs(store)
        bad = os.path.join(work, "bad-headers")
        with open(bad, "w") as f:
            f.write("# the collector's token\nAuthorization Bearer 7c1d-LINE-SECRET\n")
        os.chmod(bad, 0o600)
        out = subprocess.run([os.path.join(build, "asan/preflight"), "check", "--upload", "https://collector.test/c",
                              "--upload-header-file", bad], capture_output=True, text=True, timeout=60)
        check(out.returncode == 2 and f"--upload-header-file {bad} line 2: " in out.stderr, out.stderr[-2000:])
        check("LINE-SECRET" not in out.stdout + out.stderr, "the bad line was shown")
        good = os.path.join(work, "headers")
        with open(good, "w", newline="") as f:
            f.write(f"# the collector's token\r\n\r\n  Authorization: {TOKEN}  \r\n")
        os.chmod(good, 0o644)
        server = MockServer(build, "server", store=store, require_header=f"Authorization: {TOKEN}")
        try:
            _, text, stderr = upload_run(build, server, work, ("--upload", "https://collector.test/collect/tpm",
                                                               "--upload-header-file", good))
        finally:
            server.stop()
        check("upload sent: HTTP 201 Created from https://collector.test/collect/tpm" in stderr, stderr[-2000:])
        check(len(received(store)) == 1 and TOKEN in received(store)[0], str(received(store)))
        check(f"--upload-header-file {good} can be read by other users" in stderr, stderr[-2000:])
        check("UPLOAD-SECRET" not in text, "the token was printed")
