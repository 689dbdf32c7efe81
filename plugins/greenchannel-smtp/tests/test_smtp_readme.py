"""The README's quick start runs against a real server and prints what it promises (P5)."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

from smtp_testkit import MailServers

README = Path(__file__).parents[1] / "README.md"


def test_quick_start_sends_the_acknowledgement(mail_servers: MailServers) -> None:
    recorder, port = mail_servers.start()
    code = re.findall(r"```python\n(.*?)```", README.read_text("utf-8"), re.DOTALL)[0]
    assert "port=8025" in code
    promised = [line.split("#", 1)[1].strip()
                for line in code.splitlines() if line.startswith("print(")]
    output = io.StringIO()
    with contextlib.redirect_stdout(output):
        exec(compile(code.replace("port=8025", f"port={port}"), str(README), "exec"), {})
    assert output.getvalue().splitlines() == promised
    [mail] = recorder.received
    assert mail.recipients == ("customer@example.cn",)
    assert str(mail.email["Subject"]).startswith("Your complaint has been registered: GC-")
