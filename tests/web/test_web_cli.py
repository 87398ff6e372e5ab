"""`blokketen serve`: binds 127.0.0.1, serves the pages for the chain of --network, logs no
request, stops on Ctrl-C; a bad port is a one-line error with exit code 2."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

from blokketen.chain import LocalNode, free_port
from blokketen.web.sample import EXAMPLE_2023

BLOKKETEN = [sys.executable, "-m", "blokketen"]


def _get(url: str, data: bytes | None = None) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, data=data, timeout=10) as answer:
            return answer.status, answer.read().decode()
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode()


def test_serve_shows_the_pages_of_the_chain_and_logs_no_request(tmp_path):
    (tmp_path / "contracts").mkdir()
    (tmp_path / "package.json").write_text("{}")
    env = {**os.environ, "BLOKKETEN_PROJECT": str(tmp_path)}
    port = free_port()
    with LocalNode() as node:
        proc = subprocess.Popen([*BLOKKETEN, "serve", "--network", node.url, "--port",
                                 str(port)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True, env=env)
        try:
            line = proc.stdout.readline() if proc.stdout else ""
            assert f"http://127.0.0.1:{port}/" in line and "chain 31337" in line
            deadline = time.monotonic() + 30
            while True:
                try:
                    status, page = _get(f"http://127.0.0.1:{port}/status")
                    break
                except (urllib.error.URLError, ConnectionError):
                    assert time.monotonic() < deadline, "serve did not answer"
                    time.sleep(0.1)
            assert status == 200 and "31337" in page and "niet in het manifest" in page
            form = urllib.parse.urlencode({**EXAMPLE_2023, "income": "23456,78"}).encode()
            status, page = _get(f"http://127.0.0.1:{port}/rent", form)
            assert status == 200 and 'id="rent"' in page
            status, _ = _get(f"http://127.0.0.1:{port}/parcel?capakey=bad")
            assert status in (400, 503)
        finally:
            proc.send_signal(signal.SIGINT)
            out, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
    assert "23456" not in out + err and "/rent" not in out + err and "GET" not in out + err


def test_a_bad_port_is_a_one_line_error():
    result = subprocess.run([*BLOKKETEN, "serve", "--port", "0"], capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 2
    assert "--port" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_serve_sample_fills_a_fresh_chain_to_try_the_pages(tmp_path):
    port = free_port()
    proc = subprocess.Popen([*BLOKKETEN, "serve", "--sample", "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline() if proc.stdout else ""
        assert line.startswith("sample: receipts in "), line
        folder = line.removeprefix("sample: receipts in ").split(" ")[0]
        receipt = open(f"{folder}/diploma-1.receipt.json", encoding="utf-8").read()
        assert f"http://127.0.0.1:{port}/" in (proc.stdout.readline() if proc.stdout else "")
        deadline = time.monotonic() + 30
        while True:
            try:
                status, page = _get(f"http://127.0.0.1:{port}/verify",
                                    urllib.parse.urlencode({"text": receipt}).encode())
                break
            except (urllib.error.URLError, ConnectionError):
                assert time.monotonic() < deadline, "serve did not answer"
                time.sleep(0.1)
        assert status == 200 and "✔ Geldig" in page
    finally:
        proc.send_signal(signal.SIGINT)
        proc.communicate(timeout=60)
    assert proc.returncode == 0
    assert not os.path.exists(folder)  # the sample leaves nothing behind
