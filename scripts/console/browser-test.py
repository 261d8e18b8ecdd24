#!/usr/bin/env python3
"""The console in a real browser: headless Chromium driven by Selenium (issue 14).

    scripts/console/browser-test.py [--bin .build/release] [--screenshots DIR]

Starts its own scimd (the release build, a new temporary SQLite database, a free port on
127.0.0.1) and fills it the way an identity provider and an operator would: users and
groups through SCIM, roles and a role mapping through scimctl, a mapped role deleted (so
users carry "Unable to update user's role" errors) and one refused request. Then, as the
tenant's administrator: sign in with an admin token, filter the sync log to failures, open
a failure and read its remedy, diagnose a user, dry-run a changed payload, open a group,
preview and save a mapping, sign out; sign in with an OAuth client; as the operator, switch
to another tenant, then see the session end when the operator token is revoked.

With --screenshots DIR it also writes every page at desktop (1280 px) and phone (390 px)
widths to DIR (`make console-screenshots` → docs/console/).

Exit status 0 when every step held, 1 with the failed step on stderr otherwise.
Needs chromium and chromedriver (Debian: chromium, chromium-driver) and the selenium package
(`make console-test` makes a venv for it under .build-tools/).
"""

import argparse
import base64
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException, TimeoutException, WebDriverException
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import Select, WebDriverWait

USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User"
GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group"
ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"

PEOPLE = [
    ("adele.vance", "Adele", "Vance", "Engineering"),
    ("alex.wilber", "Alex", "Wilber", "Engineering"),
    ("diego.siciliani", "Diego", "Siciliani", "Engineering"),
    ("grady.archie", "Grady", "Archie", "Sales"),
    ("isaiah.langer", "Isaiah", "Langer", "Sales"),
    ("johanna.lorenz", "Johanna", "Lorenz", "Support"),
    ("lee.gu", "Lee", "Gu", "Sales"),
    ("megan.bowen", "Megan", "Bowen", "Engineering"),
]


class StepFailed(Exception):
    pass


def check(condition, message):
    if not condition:
        raise StepFailed(message)


class Server:
    """A scimd on a fresh database, and the scimctl that administers it."""

    def __init__(self, bin_dir):
        self.bin_dir = bin_dir
        self.work = tempfile.mkdtemp(prefix="scimd-console-browser.")
        self.database = os.path.join(self.work, "scimd.sqlite")
        self.log = open(os.path.join(self.work, "scimd.log"), "w+")
        self.process = subprocess.Popen(
            [os.path.join(bin_dir, "scimd"), "serve", "--host", "127.0.0.1", "--port", "0", "--database", self.database],
            stdout=self.log, stderr=subprocess.STDOUT)
        self.base = None
        self.scim_token = None
        self.operator = None
        self.client = None
        deadline = time.time() + 30
        while time.time() < deadline and self.base is None:
            if self.process.poll() is not None:
                raise StepFailed("scimd exited at start-up:\n" + self.log_text())
            match = re.search(r"SCIM base URL (http://\S+)", self.log_text())
            if match:
                self.base = match.group(1).rstrip("/")
            else:
                time.sleep(0.1)
        check(self.base, "scimd did not print its URL within 30 s")
        self.origin = self.base.rsplit("/scim/v2", 1)[0]
        self.console = self.origin + "/console/"

    def log_text(self):
        self.log.flush()
        with open(self.log.name) as f:
            return f.read()

    def scimctl(self, *arguments):
        result = subprocess.run(
            [os.path.join(self.bin_dir, "scimctl"), "--database", self.database, *arguments],
            capture_output=True, text=True, timeout=60)
        check(result.returncode == 0, f"scimctl {' '.join(arguments)} failed: {result.stderr.strip()}")
        return result.stdout

    def scim(self, token, method, path, body=None):
        request = urllib.request.Request(
            self.base + path, method=method, data=json.dumps(body).encode() if body is not None else None,
            headers={"Authorization": f"Bearer {token}", "Content-Type": "application/scim+json"})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                text = response.read().decode()
                return response.status, json.loads(text) if text else None
        except urllib.error.HTTPError as error:
            text = error.read().decode()
            return error.code, json.loads(text) if text else None

    def stop(self, keep):
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()
        if not keep:
            shutil.rmtree(self.work, ignore_errors=True)


def seed(server):
    """What an identity provider and an operator would have done before the admin looks."""
    scim_token = server.scimctl("tokens", "create", "--name", "entra-id").strip().splitlines()[-1]
    server.scim_token = scim_token
    admin_token = server.scimctl("tokens", "create", "--kind", "admin", "--name", "it-admin").strip().splitlines()[-1]
    ids = {}
    for login, given, family, department in PEOPLE:
        status, body = server.scim(scim_token, "POST", "/Users", {
            "schemas": [USER_SCHEMA, ENTERPRISE], "userName": f"{login}@contoso.com", "externalId": login,
            "name": {"givenName": given, "familyName": family}, "displayName": f"{given} {family}",
            "emails": [{"type": "work", "value": f"{login}@contoso.com", "primary": True}],
            ENTERPRISE: {"department": department}, "active": True})
        check(status == 201, f"seeding user {login}: {status} {body}")
        ids[login] = body["id"]
    for name, department in (("Engineering", "Engineering"), ("Sales", "Sales")):
        members = [{"value": ids[p[0]]} for p in PEOPLE if p[3] == department]
        status, body = server.scim(scim_token, "POST", "/Groups", {"schemas": [GROUP_SCHEMA], "displayName": name, "members": members})
        check(status == 201, f"seeding group {name}: {status} {body}")
    server.scimctl("roles", "create", "Admin", "--description", "Full access")
    server.scimctl("roles", "create", "Member", "--description", "Standard access")
    server.scimctl("mappings", "add-role", "--group", "Engineering", "--role", "Admin")
    # A mapped role that is gone: every Engineering member gets "Unable to update user's role".
    server.scimctl("roles", "delete", "Admin")
    # A request the scope rules refuse (no name): a failure with its remedy.
    status, _ = server.scim(scim_token, "POST", "/Users", {
        "schemas": [USER_SCHEMA], "userName": "nina.noname@contoso.com",
        "emails": [{"type": "work", "value": "nina.noname@contoso.com", "primary": True}]})
    check(status == 400, f"the refused create answered {status}, not 400")
    # A second customer, and the operator's own support token that may look at both.
    server.scimctl("tenants", "create", "fabrikam")
    server.operator = json.loads(server.scimctl("tokens", "create", "--kind", "operator", "--name", "support-bob", "--json"))
    server.client = json.loads(server.scimctl("clients", "create", "--name", "okta", "--json"))
    return admin_token


def browser(width=1280, height=900):
    options = Options()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", f"--window-size={width},{height}"):
        options.add_argument(argument)
    driver_path = shutil.which("chromedriver") or "/usr/bin/chromedriver"
    return webdriver.Chrome(service=Service(executable_path=driver_path), options=options)


def wait_for(driver, locator, what, seconds=15):
    try:
        return WebDriverWait(driver, seconds).until(expected_conditions.presence_of_element_located(locator))
    except TimeoutException:
        raise StepFailed(f"{what}: not found on {driver.current_url}\n{driver.find_element(By.TAG_NAME, 'body').text[:1500]}")


def click_and_load(driver, element, what, seconds=15):
    """Clicks a button or link that loads another page, and waits until the old page is gone,
    so what is read next is the new page's (not the old one's, still on screen for a moment)."""
    old = driver.find_element(By.TAG_NAME, "html")
    element.click()

    def gone(_):
        # Chromium reports a node of an unloaded page as stale, or (mid-navigation) as not
        # belonging to the document; both mean the old page is gone.
        try:
            old.tag_name
            return False
        except (StaleElementReferenceException, WebDriverException):
            return True
    try:
        WebDriverWait(driver, seconds).until(gone)
    except TimeoutException:
        raise StepFailed(f"{what}: no new page after the click, still on {driver.current_url}")


def heading(driver):
    return wait_for(driver, (By.TAG_NAME, "h1"), "the page heading").text


def screenshot(driver, directory, name):
    """The whole page at desktop and phone widths (CSS pixels, device scale 1 and 2)."""
    if not directory:
        return
    for label, width, height, mobile, scale in (("desktop", 1280, 900, False, 1), ("phone", 390, 844, True, 2)):
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
            "width": width, "height": height, "deviceScaleFactor": scale, "mobile": mobile})
        time.sleep(0.2)
        content = driver.execute_cdp_cmd("Page.getLayoutMetrics", {})["cssContentSize"]
        page_height = min(int(content["height"]) + 1, 4000)
        data = driver.execute_cdp_cmd("Page.captureScreenshot", {
            "format": "png", "captureBeyondViewport": True,
            "clip": {"x": 0, "y": 0, "width": width, "height": max(page_height, height), "scale": 1}})
        with open(os.path.join(directory, f"{name}-{label}.png"), "wb") as f:
            f.write(base64.b64decode(data["data"]))
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def run(server, admin_token, shots):
    driver = browser()
    try:
        step = "sign in"
        driver.get(server.console + "log")
        check("/console/signin" in driver.current_url, f"an anonymous visit to the sync log was not sent to sign-in: {driver.current_url}")
        screenshot(driver, shots, "signin")
        driver.find_element(By.ID, "token").send_keys(admin_token)
        click_and_load(driver, driver.find_element(By.CSS_SELECTOR, "form[action='/console/signin'] button[type=submit]"), step)
        check(heading(driver) != "Sign in", f"{step}: still on the sign-in page: {driver.find_element(By.TAG_NAME, 'body').text[:500]}")
        cookies = {c["name"]: c for c in driver.get_cookies()}
        check(any(c.get("httpOnly") for c in cookies.values()), f"{step}: no HttpOnly session cookie: {cookies}")
        screenshot(driver, shots, "overview")

        step = "filter the sync log to failures"
        driver.get(server.console + "log")
        check(heading(driver) == "Sync log", f"{step}: the page is '{heading(driver)}'")
        screenshot(driver, shots, "sync-log")
        Select(driver.find_element(By.ID, "f-status")).select_by_value("failure")
        click_and_load(driver, driver.find_element(By.CSS_SELECTOR, "form.filters button[type=submit]"), step)
        wait_for(driver, (By.CSS_SELECTOR, "table tbody tr"), f"{step}: the failure rows")
        check("status=failure" in driver.current_url, f"{step}: the filter is not in the URL: {driver.current_url}")
        statuses = [e.text for e in driver.find_elements(By.CSS_SELECTOR, "table tbody .status")]
        check(statuses and all(s == "failure" for s in statuses), f"{step}: rows other than failures: {statuses}")
        messages = " ".join(e.text for e in driver.find_elements(By.CSS_SELECTOR, "table tbody td.message"))
        check("role" in messages.lower(), f"{step}: no 'Unable to update user's role' failure among: {messages[:500]}")

        step = "open a failure and read its remedy"
        rows = driver.find_elements(By.CSS_SELECTOR, "table tbody tr")
        target = next((r for r in rows if "role" in r.text.lower()), rows[0])
        click_and_load(driver, target.find_element(By.CSS_SELECTOR, "a"), step)
        wait_for(driver, (By.CSS_SELECTOR, "h1"), f"{step}: the entry page")
        check(heading(driver).startswith("Sync-log entry"), f"{step}: the page is '{heading(driver)}'")
        remedy = wait_for(driver, (By.XPATH, "//*[contains(., 'Remedy:')]"), f"{step}: the remedy")
        check(remedy.is_displayed(), f"{step}: the remedy is not visible")
        screenshot(driver, shots, "sync-log-entry")

        step = "diagnose a user"
        driver.get(server.console + "users")
        search = wait_for(driver, (By.ID, "q"), f"{step}: the search box")
        search.send_keys("adele")
        click_and_load(driver, driver.find_element(By.CSS_SELECTOR, "form[role=search] button"), step)
        link = wait_for(driver, (By.PARTIAL_LINK_TEXT, "adele.vance"), f"{step}: the search result")
        screenshot(driver, shots, "users")
        click_and_load(driver, link, step)
        check("adele.vance" in heading(driver), f"{step}: the user page heading is '{heading(driver)}'")
        body = driver.find_element(By.TAG_NAME, "body").text
        check("Engineering" in body, f"{step}: the diagnosis does not name the user's group Engineering")
        check("Admin" in body, f"{step}: the diagnosis does not name the missing role Admin")
        screenshot(driver, shots, "user")

        step = "test provision (dry run)"
        driver.get(server.console + "provision")
        payload = wait_for(driver, (By.ID, "payload"), f"{step}: the payload box")
        payload.clear()
        payload.send_keys(json.dumps({
            "schemas": [USER_SCHEMA, ENTERPRISE], "userName": "lee.gu@contoso.com", "externalId": "lee.gu",
            "name": {"givenName": "Lee", "familyName": "Gu"},
            "emails": [{"type": "work", "value": "lee.gu@contoso.com", "primary": True}],
            ENTERPRISE: {"department": "Support"}}))
        click_and_load(driver, driver.find_element(By.XPATH, "//button[normalize-space()='Run the dry run']"), step)
        wait_for(driver, (By.XPATH, "//*[contains(., 'Support')]"), f"{step}: the dry run's changes")
        body = driver.find_element(By.TAG_NAME, "body").text
        check("Sales" in body and "Support" in body, f"{step}: the dry run does not show department Sales → Support:\n{body[:1500]}")
        screenshot(driver, shots, "test-provision")
        status, user = server.scim(server.scim_token, "GET", f"/Users?filter=userName%20eq%20%22lee.gu%40contoso.com%22")
        check(status == 200 and "Sales" in json.dumps(user), f"{step}: the dry run changed the user: {user}")

        step = "groups"
        driver.get(server.console + "groups")
        click_and_load(driver, wait_for(driver, (By.PARTIAL_LINK_TEXT, "Engineering"), f"{step}: the Engineering group"), step)
        check("Engineering" in heading(driver), f"{step}: the group page heading is '{heading(driver)}'")
        screenshot(driver, shots, "group")

        step = "create a mapping and see the preview"
        driver.get(server.console + "mappings")
        check(heading(driver) == "Mappings", f"{step}: the page is '{heading(driver)}'")
        screenshot(driver, shots, "mappings")
        driver.find_element(By.ID, "m-group").send_keys("Sales")
        Select(driver.find_element(By.ID, "m-kind")).select_by_value("role")
        driver.find_element(By.ID, "m-target").send_keys("Member")
        driver.find_element(By.ID, "m-target").submit()
        preview = wait_for(driver, (By.ID, "preview-heading"), f"{step}: the preview")
        check("Sales" in preview.text and "Member" in preview.text, f"{step}: the preview is for '{preview.text}'")
        body = driver.find_element(By.TAG_NAME, "body").text
        check(re.search(r"\b3 users?\b", body), f"{step}: the preview does not say that the 3 Sales members are affected:\n{body[:1500]}")
        screenshot(driver, shots, "mapping-preview")
        click_and_load(driver, driver.find_element(By.XPATH, "//button[normalize-space()='Save this mapping']"), step)
        wait_for(driver, (By.TAG_NAME, "h1"), f"{step}: the page after saving")
        rows = " ".join(r.text for r in driver.find_elements(By.CSS_SELECTOR, "table tr"))
        check("Sales" in rows and "Member" in rows, f"{step}: the saved mapping is not listed: {rows[:800]}")
        listed = server.scimctl("mappings", "list", "--json")
        check("Sales" in listed and "Member" in listed, f"{step}: scimctl does not list the mapping: {listed}")
        log = server.scimctl("log", "--json", "--limit", "20")
        check("console:it-admin" in log, f"{step}: the sync log does not name the console client: {log[:800]}")

        step = "reports"
        driver.get(server.console + "reports")
        wait_for(driver, (By.TAG_NAME, "h1"), f"{step}: the reports page")
        screenshot(driver, shots, "reports")

        step = "sign out"
        click_and_load(driver, driver.find_element(By.CSS_SELECTOR, "form[action='/console/signout'] button"), step)
        wait_for(driver, (By.TAG_NAME, "h1"), f"{step}: the page after signing out")
        driver.get(server.console + "log")
        check("/console/signin" in driver.current_url, f"{step}: the sync log is still served after sign-out: {driver.current_url}")

        step = "sign in with an OAuth client"
        wait_for(driver, (By.ID, "client_id"), f"{step}: the client id field").send_keys(server.client["client_id"])
        driver.find_element(By.ID, "client_secret").send_keys(server.client["client_secret"])
        click_and_load(driver, driver.find_element(By.CSS_SELECTOR, "form[action='/console/signin'] button[type=submit]"), step)
        header = wait_for(driver, (By.CSS_SELECTOR, "header.top .tenant"), f"{step}: the signed-in header").text
        check(f"console:{server.client['client_id']}" in header, f"{step}: the header does not name the client: {header}")
        check(not driver.find_elements(By.ID, "tenant-choice"), f"{step}: a client's session offers to switch tenants")
        click_and_load(driver, driver.find_element(By.CSS_SELECTOR, "form[action='/console/signout'] button"), step)
        wait_for(driver, (By.ID, "token"), f"{step}: the sign-in page after signing out")

        step = "an operator switches tenants"
        driver.find_element(By.ID, "token").send_keys(server.operator["token"])
        click_and_load(driver, driver.find_element(By.CSS_SELECTOR, "form[action='/console/signin'] button[type=submit]"), step)
        picker = Select(wait_for(driver, (By.ID, "tenant-choice"), f"{step}: the tenant picker"))
        check([o.text for o in picker.options] == ["default", "fabrikam"], f"{step}: the picker offers {[o.text for o in picker.options]}")
        picker.select_by_visible_text("fabrikam")
        click_and_load(driver, driver.find_element(By.CSS_SELECTOR, "form.tenant-picker button[type=submit]"), step)
        header = wait_for(driver, (By.CSS_SELECTOR, "header.top .tenant"), f"{step}: the header after switching").text
        check("fabrikam" in header and "console:operator:support-bob" in header, f"{step}: the header says '{header}'")
        screenshot(driver, shots, "operator-tenant-switch")
        driver.get(server.console + "users?q=adele")
        check("adele.vance" not in driver.find_element(By.TAG_NAME, "body").text, f"{step}: fabrikam shows default's user")

        step = "revoking the operator token ends its session"
        server.scimctl("tokens", "revoke", server.operator["id"])
        driver.get(server.console + "log")
        check("/console/signin" in driver.current_url, f"{step}: the sync log is still served: {driver.current_url}")
        notice = wait_for(driver, (By.CSS_SELECTOR, ".notice[role=status]"), f"{step}: the notice on the sign-in page").text
        check("revoked" in notice, f"{step}: the sign-in page says '{notice}'")
        print("console browser test: sign-in, failures filter, remedy, user diagnosis, test provision, group, mapping preview and save,"
              " sign-out, client sign-in, operator tenant switch, revocation: all passed")
    except StepFailed as failure:
        raise StepFailed(f"step '{step}': {failure}")
    finally:
        driver.quit()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bin", default=".build/release", help="directory with scimd and scimctl (default .build/release)")
    parser.add_argument("--screenshots", help="write each page as DIR/PAGE-desktop.png and DIR/PAGE-phone.png")
    arguments = parser.parse_args()
    for tool in ("scimd", "scimctl"):
        if not os.access(os.path.join(arguments.bin, tool), os.X_OK):
            print(f"browser-test: {arguments.bin}/{tool} is missing: build it with `make release`", file=sys.stderr)
            return 2
    if not (shutil.which("chromium") or os.path.exists("/usr/bin/chromium")) or not shutil.which("chromedriver"):
        print("browser-test: chromium and chromedriver are needed (apt-get install chromium chromium-driver)", file=sys.stderr)
        return 2
    if arguments.screenshots:
        os.makedirs(arguments.screenshots, exist_ok=True)
    server = Server(arguments.bin)
    ok = False
    try:
        admin_token = seed(server)
        run(server, admin_token, arguments.screenshots)
        ok = True
    except StepFailed as failure:
        print(f"console browser test FAILED: {failure}", file=sys.stderr)
        print(f"(scimd's log and database are kept in {server.work})", file=sys.stderr)
    finally:
        server.stop(keep=not ok)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
