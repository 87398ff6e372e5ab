"""Make README's pictures of the web pages: docs/images/web-<page>.png.

Starts an embedded anvil, fills it with the sample of blokketen.web.sample (registries, a
split parcel, diplomas, published rules), serves the pages on 127.0.0.1 and photographs them
in Debian's headless Chromium (apt-get install chromium chromium-driver):

    .venv/bin/python scripts/web_pictures.py [--out docs/images]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("docs/images"),
                        help="folder for the PNG files (default docs/images)")
    args = parser.parse_args(argv)

    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.wait import WebDriverWait

    from blokketen._exceptions import BlokketenError
    from blokketen.chain import Chain, LocalNode
    from blokketen.project import Project
    from blokketen.testing.browser import find_chromium, open_browser, serve_in_thread
    from blokketen.toolchain.compiler import compile_project
    from blokketen.web.app import create_app
    from blokketen.web.sample import EXAMPLE_2024, FIRST, build

    try:
        chromium = find_chromium()
    except BlokketenError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    project = Project.find()
    compile_project(project)
    args.out.mkdir(parents=True, exist_ok=True)
    with LocalNode(project_root=project.root) as node, \
            tempfile.TemporaryDirectory() as deployments:
        chain = Chain.connect(node.url)
        world = build(chain, project, chain.dev_accounts(10), Path(deployments))
        with serve_in_thread(create_app(world.site)) as url, \
                open_browser(chromium, width=1100, height=900) as driver:

            def shown(element_id: str) -> None:
                WebDriverWait(driver, 30).until(
                    expected_conditions.presence_of_element_located((By.ID, element_id)))

            def shoot(name: str) -> None:
                height = driver.execute_script("return document.documentElement.scrollHeight")
                driver.set_window_size(1100, min(int(height) + 20, 2400))
                path = args.out / f"web-{name}.png"
                driver.save_screenshot(str(path))
                driver.set_window_size(1100, 900)
                print(f"wrote {path}")

            tampered = world.receipts[0].to_dict()
            tampered["document"]["grade"] = "summa cum laude"
            driver.get(f"{url}/verify")
            driver.execute_script("arguments[0].value = arguments[1]",
                                  driver.find_element(By.ID, "text"), json.dumps(tampered))
            driver.find_element(By.ID, "text").submit()
            shown("verdict")
            shoot("verify")
            driver.get(f"{url}/parcel?capakey={FIRST}")
            shoot("parcel")
            driver.get(f"{url}/rent")
            for name, value in EXAMPLE_2024.items():
                element = driver.find_element(By.ID, "source-sourced" if name == "source"
                                              else name)
                if name == "source":
                    element.click()
                elif element.tag_name == "select":
                    from selenium.webdriver.support.select import Select

                    Select(element).select_by_value(value)
                else:
                    element.clear()
                    element.send_keys(value)
            driver.find_element(By.ID, "compute").click()
            shown("rent")
            shoot("rent")
            driver.get(f"{url}/status?lang=en")
            shoot("status")
    return 0


if __name__ == "__main__":
    sys.exit(main())
