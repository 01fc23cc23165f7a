#!/usr/bin/python3
"""The status page in a real browser (headless Chromium through Selenium, Debian's chromium, chromium-driver and
python3-selenium), in the lab's client namespace, against a node's daemon (lab ui NODE gives the URL):

  1. a hostile text in the address (the filter) and in the event log (an alert's resource name, injected by the caller)
     is shown as text and runs nothing;
  2. the page at 1280x720: where the service runs, keyboard focus reaches the filter and a tenant's disclosure;
  3. the active node is crashed (lab crash NODE) while the page is open: without a reload, the page shows the node lost,
     then the service on the survivor, the failover in the timeline and the drained member as drained;
  4. the same page at a phone's width (390x844) has no sideways scrolling of the page itself.

Screenshots go to OUTDIR. Prints one JSON report on stdout.

    status-page-check.py URL LAB ACTIVE-NODE HOSTILE OUTDIR
"""
import json
import os
import subprocess
import sys
import time
import urllib.parse

from selenium import webdriver
from selenium.common.exceptions import NoAlertPresentException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys


def browser():
    options = webdriver.ChromeOptions()
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,720",
                "--no-first-run", "--disable-extensions", "--user-data-dir=/tmp/girlb-chromium-profile"):
        options.add_argument(arg)
    options.binary_location = "/usr/bin/chromium"
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def no_alert(driver):
    try:
        driver.switch_to.alert
        return False
    except NoAlertPresentException:
        return True


# read with one script each: the page replaces its main part every 2 s, so an element found first may be gone when read
def text(driver, element_id):
    # (table cells come tab-separated and lines newline-separated: spaces within a line, lines kept)
    return driver.execute_script("const e = document.getElementById(arguments[0]);"
                                 "return e ? e.innerText.replace(/[ \\t]+/g, ' ') : ''", element_id)


def service_row(driver, resource):
    return driver.execute_script(
        "for (const r of document.querySelectorAll('#service tbody tr')) {"
        "  if (r.querySelector('th').textContent.startsWith(arguments[0])) return Array.from(r.querySelectorAll('td'), c => c.textContent);"
        "} return [];", resource)


def main():
    url, lab, active, hostile, out = sys.argv[1:6]
    os.makedirs(out, exist_ok=True)
    report = {"url": url, "active": active}
    driver = browser()
    try:
        # 1. hostile text: in the filter (the address) and in the event log (an alert's resource name)
        driver.get(url + "?q=" + urllib.parse.quote(hostile))
        time.sleep(0.5)
        report["hostile_ran_nothing"] = no_alert(driver) and driver.execute_script("return window.pwned === undefined")
        report["hostile_filter_kept_as_text"] = driver.find_element(By.ID, "q").get_attribute("value") == hostile
        driver.get(url)
        time.sleep(0.5)
        report["hostile_event_shown_as_text"] = hostile in text(driver, "timeline")
        report["hostile_ran_nothing"] = report["hostile_ran_nothing"] and no_alert(driver) and driver.execute_script("return window.pwned === undefined")

        # 2. the page as it first loads
        driver.execute_script("window.girlbNoReload = 42")
        report["title"] = driver.title
        report["webserver_before"] = service_row(driver, "webserver")
        driver.save_screenshot(os.path.join(out, "status-page-1280.png"))
        # every badge's word is drawn in another colour than its background (a colour is never alone)
        report["unreadable_badges"] = driver.execute_script(
            "return Array.from(document.querySelectorAll('.badge')).filter(b => { const s = getComputedStyle(b);"
            " return !b.textContent.trim() || s.color === s.backgroundColor; }).length")
        body = driver.find_element(By.TAG_NAME, "body")
        body.send_keys(Keys.TAB)
        report["first_tab_focus"] = driver.execute_script("return document.activeElement.id || document.activeElement.tagName")

        # 3. the crash of the active node, watched without a reload
        survivor = "n2" if active == "n1" else "n1"
        started = time.monotonic()
        subprocess.run(["/bin/bash", lab, "crash", active], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        seen = {}
        while time.monotonic() - started < 120 and "served" not in seen:
            main_text = text(driver, "main")
            at = round(time.monotonic() - started, 1)
            cluster = text(driver, "cluster")
            if "lost" not in seen and any(f"{active}{dc} {state}" in cluster for dc in ("", " (DC)") for state in ("unclean", "offline")):
                seen["lost"] = at
            if "lost" in seen and "problem" not in seen and text(driver, "problems"):
                seen["problem"] = at
            if service_row(driver, "webserver")[1:2] == [survivor] and "drained" in text(driver, "tenants"):
                seen["served"] = at
            time.sleep(0.5)
        report["seen_seconds"] = seen
        report["webserver_after"] = service_row(driver, "webserver")
        report["timeline_after"] = text(driver, "timeline").splitlines()[:6]
        report["no_reload"] = driver.execute_script("return window.girlbNoReload") == 42
        report["live"] = text(driver, "live")
        driver.save_screenshot(os.path.join(out, "status-page-after-crash-1280.png"))

        # keyboard: tab to the first tenant's summary and open or close it with Enter
        summaries = driver.find_elements(By.CSS_SELECTOR, "details.tenant > summary")
        if summaries:
            summary = summaries[0]
            was = summary.find_element(By.XPATH, "..").get_attribute("open") is not None
            summary.send_keys(Keys.ENTER)
            time.sleep(0.2)
            report["enter_toggles_tenant"] = (summary.find_element(By.XPATH, "..").get_attribute("open") is not None) != was
        report["drained_row"] = driver.execute_script(
            "for (const r of document.querySelectorAll('#tenants tr')) { if (r.innerText.includes('drained')) return r.innerText.replace(/\\s+/g, ' '); } return '';")

        # 4. a phone's width
        driver.set_window_size(390, 844)
        time.sleep(0.5)
        report["phone_page_overflow_px"] = driver.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
        driver.save_screenshot(os.path.join(out, "status-page-phone.png"))
        report["hostile_ran_nothing"] = report["hostile_ran_nothing"] and no_alert(driver) and driver.execute_script("return window.pwned === undefined")
    finally:
        driver.quit()
    print(json.dumps(report))


if __name__ == "__main__":
    main()
