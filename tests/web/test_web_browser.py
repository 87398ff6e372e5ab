"""The pages in a real browser: Debian's headless Chromium through chromium-driver and
selenium, each page checked with axe-core (no serious or critical violation) and saved as a
screenshot under this test run's folder (``<basetemp>/screenshots``).

Without Chromium these tests skip, saying so; with BLOKKETEN_REQUIRE_BROWSER=1 (CI) that is
a failure."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from blokketen._exceptions import ConfigurationError
from blokketen.testing.browser import (
    REQUIRE_ENV,
    axe_violations,
    find_chromium,
    open_browser,
    required,
    serve_in_thread,
)
from blokketen.web.amounts import display
from blokketen.web.app import create_app
from blokketen.web.sample import (
    CHILDREN,
    EXAMPLE_2023,
    EXAMPLE_2023_RENT,
    EXAMPLE_2024,
    EXAMPLE_2024_RENT,
    FIRST,
)

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = {"serious", "critical"}


@pytest.fixture(scope="module")
def chromium():
    try:
        return find_chromium()
    except ConfigurationError as err:
        if required():
            pytest.fail(f"{REQUIRE_ENV}=1 and {err}")
        pytest.skip(f"browser tests need Chromium: {err}")


@pytest.fixture(scope="module")
def base_url(chromium, world):
    with serve_in_thread(create_app(world.site)) as url:
        yield url


@pytest.fixture(scope="module")
def driver(chromium):
    with open_browser(chromium) as opened:
        yield opened


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    folder = tmp_path_factory.getbasetemp() / "screenshots"
    folder.mkdir(exist_ok=True)
    return folder


def check_page(driver, shots: Path, name: str) -> None:
    """No serious accessibility violation, and a screenshot of the whole page."""
    violations = [v for v in axe_violations(driver, AXE) if v.impact in BLOCKING]
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(1280, max(600, min(int(height) + 40, 4000)))
    driver.save_screenshot(str(shots / f"{name}.png"))
    driver.set_window_size(1280, 900)
    assert violations == [], f"{name}: {violations}"


def navigate(driver, action) -> None:
    """Run ``action`` (a click or a submit) and wait until the next page has loaded."""
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.wait import WebDriverWait

    old = driver.find_element(By.TAG_NAME, "html")

    def gone(_driver) -> bool:
        # While the old document is being replaced Chromium may answer "stale element" or
        # "node does not belong to the document": both mean the old page is gone.
        try:
            old.is_enabled()
        except WebDriverException:
            return True
        return False

    action()
    wait = WebDriverWait(driver, 30)
    wait.until(gone)
    wait.until(lambda d: d.execute_script("return document.readyState") == "complete")


def by_id(driver, element_id: str):
    from selenium.webdriver.common.by import By

    return driver.find_element(By.ID, element_id)


def fill(driver, values: dict[str, str]) -> None:
    """Put each value into the field with that id, as the person would have typed or chosen
    it (radio buttons by value): one script for the whole form, keystrokes are slow."""
    driver.execute_script("""
        for (const [name, value] of Object.entries(arguments[0])) {
            const radio = document.getElementById(name + '-' + value);
            if (radio && radio.type === 'radio') { radio.checked = true; continue; }
            const field = document.getElementById(name);
            if (!field) { throw new Error('no field ' + name); }
            field.value = value;
        }""", values)


@pytest.mark.parametrize("path", ["/verify", "/parcel", "/rent", "/status"])
def test_each_page_loads_without_serious_accessibility_violations(driver, base_url, shots,
                                                                  path):
    driver.get(base_url + path)
    assert driver.find_element("tag name", "html").get_attribute("lang") == "nl"
    assert driver.find_element("tag name", "h1").text
    check_page(driver, shots, f"page{path.replace('/', '-')}")


def test_a_valid_and_a_tampered_receipt(driver, base_url, shots, world, tmp_path):
    receipt = tmp_path / "diploma.receipt.json"
    receipt.write_text(world.receipts[0].to_json())
    driver.get(base_url + "/verify")
    by_id(driver, "file").send_keys(str(receipt))
    navigate(driver, by_id(driver, "file").submit)
    assert by_id(driver, "verdict").text == "✔ Geldig"
    check_page(driver, shots, "verify-valid")

    tampered = world.receipts[0].to_dict()
    tampered["document"]["family_name"] = "Vervalst"
    driver.get(base_url + "/verify?lang=en")
    fill(driver, {"text": json.dumps(tampered)})
    navigate(driver, by_id(driver, "text").submit)
    assert by_id(driver, "verdict").text == "✘ Not valid"
    assert "proof leads from document and salt" in by_id(driver, "failed-check").text
    check_page(driver, shots, "verify-tampered")


def test_a_parcel_timeline_shows_its_owners_in_order(driver, base_url, shots, world):
    from selenium.webdriver.common.by import By

    driver.get(base_url + "/parcel")
    by_id(driver, "capakey").send_keys("11001A0123-00B000")  # typed, in the VBR notation
    navigate(driver, by_id(driver, "capakey").submit)
    owners = [item.text for item in by_id(driver, "owners").find_elements(By.TAG_NAME, "li")]
    assert owners == [world.seller, world.agency]
    events = by_id(driver, "timeline").find_elements(By.TAG_NAME, "li")
    assert events[0].get_attribute("data-event") == "ParcelRegistered"
    assert events[-1].get_attribute("data-event") == "ParcelRetired"
    check_page(driver, shots, "parcel")
    navigate(driver, driver.find_element(By.LINK_TEXT, CHILDREN[1]).click)  # the lineage
    assert CHILDREN[1] in driver.find_element(By.ID, "current-h").text
    assert FIRST in driver.find_element(By.ID, "main").text


@pytest.mark.parametrize(("form", "rent"), [(EXAMPLE_2024, EXAMPLE_2024_RENT),
                                            (EXAMPLE_2023, EXAMPLE_2023_RENT)])
def test_the_rent_page_reproduces_worked_examples_to_the_cent(driver, base_url, shots, form,
                                                              rent):
    driver.get(base_url + "/rent")
    fill(driver, form)
    navigate(driver, by_id(driver, "compute").click)
    assert by_id(driver, "rent").text == f"€ {display(rent, 'nl')}"
    if form is EXAMPLE_2024:  # one result page is enough for the accessibility check
        check_page(driver, shots, f"rent-{form['year']}")
    else:
        driver.save_screenshot(str(shots / f"rent-{form['year']}.png"))


def test_bad_input_shows_a_message_on_the_page(driver, base_url, shots):
    driver.get(base_url + "/parcel?capakey=11001A0123")
    alert = driver.find_element("css selector", "[role=alert]")
    assert "capakey" in alert.text
    assert by_id(driver, "capakey").get_attribute("aria-invalid") == "true"
    check_page(driver, shots, "parcel-bad-input")
    driver.get(base_url + "/rent")
    fill(driver, {**EXAMPLE_2024, "income": "-5,00"})
    navigate(driver, by_id(driver, "compute").click)
    assert "income" in driver.find_element("css selector", "[role=alert]").text
    assert by_id(driver, "income").get_attribute("aria-invalid") == "true"


def test_the_language_switch(driver, base_url):
    from selenium.webdriver.common.by import By

    driver.get(base_url + "/status")
    assert driver.find_element(By.TAG_NAME, "h1").text.startswith("Status van")
    navigate(driver, driver.find_element(By.LINK_TEXT, "English").click)
    assert driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en"
    assert driver.find_element(By.TAG_NAME, "h1").text.startswith("Status of")
    navigate(driver, driver.find_element(By.LINK_TEXT, "Rent").click)  # keeps the language
    assert driver.find_element(By.TAG_NAME, "h1").text == "Compute a social rent"
    navigate(driver, driver.find_element(By.LINK_TEXT, "Nederlands").click)
    assert driver.find_element(By.TAG_NAME, "h1").text == "Een sociale huurprijs berekenen"


def test_the_keyboard_alone_reaches_the_form_and_submits_it(driver, base_url):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    driver.get(base_url + "/parcel")
    body = driver.find_element(By.TAG_NAME, "body")
    body.send_keys(Keys.TAB)
    first = driver.switch_to.active_element
    assert first.text == "Naar de inhoud" and first.is_displayed()  # the skip link shows
    first.send_keys(Keys.ENTER)
    for _ in range(5):  # from the main content, a few tabs reach the CaPaKey field
        driver.switch_to.active_element.send_keys(Keys.TAB)
        if driver.switch_to.active_element.get_attribute("id") == "capakey":
            break
    field = driver.switch_to.active_element
    assert field.get_attribute("id") == "capakey"
    navigate(driver, lambda: field.send_keys(FIRST, Keys.ENTER))
    assert FIRST in driver.find_element(By.ID, "current-h").text
