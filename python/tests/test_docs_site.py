"""The lineage docs as a person sees them: the static dbt docs page in a real browser.

`dbt docs generate --static` is run for a temporary build of the bundled panel and the
single HTML file it writes is opened from a file:// URL in headless Chromium, driven by
Selenium. The tests check what the page shows - the project overview, the models in the
sidebar, a model's description - and the lineage graph: they open it as a user does
(the graph button, then the --select box) and read the graph that the page actually
drew from its cytoscape instance, comparing it with dbt's manifest.

Chromium and chromedriver are Debian's packages (`make setup-browser`, which
`make test` runs). Without them these tests fail; they are never skipped.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest
from selenium import webdriver
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import WebDriverWait

from ccdkit.project import MARTS_SCHEMA, PROJECT_ROOT, run_dbt

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")

#: What Chromium needs here: headless, no sandbox (root), and no network of its own.
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1400,1000",
)

PROJECT = "digital_real_ccd"
WAIT_SECONDS = 30

#: The project's cytoscape instance: dbt docs' graph directive keeps it as
#: window.graph; cytoscape itself also registers it on its container (#cy).
CYTOSCAPE = "(window.graph || document.getElementById('cy')._cyreg.cy)"


def squash(text: str) -> str:
    """``text`` with every run of whitespace removed (the sidebar splits names)."""
    return re.sub(r"\s+", "", text)


def normalise(text: str) -> str:
    """``text`` with runs of whitespace collapsed to one space."""
    return " ".join(text.split())


@pytest.fixture(scope="module")
def docs_target(bundled_warehouse: Path) -> Path:
    """The target/ folder of `dbt docs generate --static` on the bundled build."""
    work_dir = bundled_warehouse.parent / "docs_dbt"
    run = run_dbt(
        ["docs", "generate", "--static"], bundled_warehouse, work_dir=work_dir
    )
    assert run.succeeded, run.output
    target = work_dir / "target"
    assert (target / "static_index.html").is_file(), run.output
    return target


@pytest.fixture(scope="module")
def manifest(docs_target: Path) -> dict[str, Any]:
    """The manifest the docs were generated from."""
    return json.loads((docs_target / "manifest.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def published_marts(bundled_warehouse: Path) -> list[str]:
    """The tables of the published schema, which the docs must all show."""
    with duckdb.connect(str(bundled_warehouse), read_only=True) as connection:
        rows = connection.execute(
            "select table_name from duckdb_tables() where schema_name = ? "
            "order by table_name",
            [MARTS_SCHEMA],
        ).fetchall()
    names = [row[0] for row in rows]
    assert "fct_coupling_coordination" in names
    return names


def missing_browser() -> str | None:
    """What to do if Chromium or chromedriver is not installed, else None."""
    missing = [str(path) for path in (CHROMIUM, CHROMEDRIVER) if not path.exists()]
    if not missing:
        return None
    return (
        f"{' and '.join(missing)} not found: the docs browser test needs Debian's "
        "chromium and chromium-driver. Run `make setup-browser` as root (`make test` "
        "runs it), or `apt-get install chromium chromium-driver`."
    )


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebDriver]:
    """Headless Chromium with a fresh profile, driven by chromedriver."""
    problem = missing_browser()
    if problem:
        pytest.fail(problem, pytrace=False)
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    profile = tmp_path_factory.mktemp("chromium-profile")
    options.add_argument(f"--user-data-dir={profile}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(WAIT_SECONDS)
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture
def open_docs(browser: WebDriver, docs_target: Path) -> Callable[[str], WebDriver]:
    """Load the static docs page afresh at a route (e.g. ``overview``)."""

    def load(route: str = "overview") -> WebDriver:
        browser.get("about:blank")
        browser.get(f"{(docs_target / 'static_index.html').as_uri()}#!/{route}")
        wait_for(
            browser,
            lambda d: d.execute_script(
                "return document.readyState === 'complete' && !!window.angular"
            ),
            "the page and its app to load",
        )
        return browser

    return load


def wait_for(
    driver: WebDriver, condition: Callable[[WebDriver], Any], what: str
) -> Any:
    """Wait until ``condition`` holds; fail with a message naming ``what``."""
    try:
        return WebDriverWait(driver, WAIT_SECONDS).until(condition)
    except TimeoutException:
        pytest.fail(
            f"timed out after {WAIT_SECONDS}s waiting for {what} "
            f"(at {driver.current_url})"
        )


def body_text(driver: WebDriver) -> str:
    """The visible text of the page."""
    return driver.find_element(By.TAG_NAME, "body").text


def graph_snapshot(driver: WebDriver) -> dict[str, Any]:
    """The nodes and edges that the page's cytoscape instance holds."""
    return driver.execute_script(
        f"var cy = {CYTOSCAPE};"
        """
        return {
            nodes: cy.nodes().map(function (n) {
                return {id: n.id(), label: n.data('label'),
                        resource_type: n.data('resource_type'), visible: n.visible()};
            }),
            edges: cy.edges().map(function (e) {
                return [e.source().id(), e.target().id()];
            })
        };
        """
    )


def ancestors(manifest: dict[str, Any], unique_id: str) -> set[str]:
    """Every node upstream of ``unique_id`` in dbt's own parent map."""
    seen: set[str] = set()
    pending = list(manifest["parent_map"].get(unique_id, []))
    while pending:
        parent = pending.pop()
        if parent not in seen:
            seen.add(parent)
            pending.extend(manifest["parent_map"].get(parent, []))
    return seen


def test_browser_is_installed() -> None:
    """Chromium and chromedriver are there: a missing browser fails, never skips."""
    problem = missing_browser()
    assert problem is None, problem


def test_static_docs_page_loads_self_contained(open_docs) -> None:
    """The one HTML file opens from disk, runs its app and fetches nothing remote."""
    driver = open_docs("overview")
    assert driver.title == "dbt Docs"
    assert driver.current_url.endswith("#!/overview")
    remote = driver.execute_script(
        "return performance.getEntriesByType('resource')"
        ".map(function (e) { return e.name; })"
        ".filter(function (n) { return /^(https?|wss?):/.test(n); });"
    )
    assert remote == [], f"the static docs page requested remote resources: {remote}"
    script_errors = [
        entry
        for entry in driver.get_log("browser")
        if entry["level"] == "SEVERE" and entry.get("source") == "javascript"
    ]
    assert script_errors == []


def test_overview_page_shows_the_project_overview(open_docs) -> None:
    """The project's own overview replaces dbt's default welcome page."""
    driver = open_docs("overview")
    source = (PROJECT_ROOT / "models" / "overview.md").read_text(encoding="utf-8")
    headings = [
        line.lstrip("#").strip() for line in source.splitlines() if line.startswith("#")
    ]
    assert len(headings) >= 5
    wait_for(driver, lambda d: headings[0] in body_text(d), "the overview title")
    text = body_text(driver)
    missing = [heading for heading in headings if heading not in text]
    assert missing == [], f"overview headings not shown: {missing}"
    assert "marts_build" in text
    assert "Welcome to the auto-generated documentation" not in text


def test_sidebar_lists_every_mart_and_opens_its_page(
    open_docs, published_marts: list[str], manifest: dict[str, Any]
) -> None:
    """Project tab: open the folders, see every mart, click one, read its page."""
    driver = open_docs("overview")
    for folder in (PROJECT, "models", "marts"):
        wait_for(
            driver,
            lambda d, name=folder: any(
                squash(item.text) == name
                for item in d.find_elements(By.CSS_SELECTOR, "a.menu-tree")
                if item.is_displayed()
            ),
            f"the sidebar folder {folder}",
        )
        item = next(
            item
            for item in driver.find_elements(By.CSS_SELECTOR, "a.menu-tree")
            if item.is_displayed() and squash(item.text) == folder
        )
        if "active" not in (item.get_attribute("class") or "").split():
            item.click()

    def listed(d: WebDriver) -> set[str]:
        return {
            squash(item.get_attribute("textContent") or "")
            for item in d.find_elements(By.CSS_SELECTOR, "a[data-nav-unique-id]")
            if item.is_displayed()
        }

    wait_for(
        driver,
        lambda d: set(published_marts) <= listed(d),
        f"the sidebar to list the marts {published_marts}",
    )

    unique_id = f"model.{PROJECT}.fct_coupling_coordination"
    driver.find_element(By.CSS_SELECTOR, f"a[data-nav-unique-id='{unique_id}']").click()
    wait_for(
        driver,
        lambda d: d.current_url.endswith(f"#!/model/{unique_id}"),
        "the model page to open",
    )
    description = normalise(manifest["nodes"][unique_id]["description"])
    wait_for(
        driver,
        lambda d: description in normalise(body_text(d)),
        "the model description to render",
    )
    heading = driver.find_element(By.TAG_NAME, "h1").text
    assert "fct_coupling_coordination" in heading


def test_every_mart_page_renders_its_description_and_columns(
    open_docs, published_marts: list[str], manifest: dict[str, Any]
) -> None:
    """Each mart's page shows its YAML description and every documented column."""
    for mart in published_marts:
        node = manifest["nodes"][f"model.{PROJECT}.{mart}"]
        driver = open_docs(f"model/{node['unique_id']}")
        description = normalise(node["description"])
        assert description, f"{mart} has no description"
        wait_for(
            driver,
            lambda d, text=description: text in normalise(body_text(d)),
            f"the description of {mart}",
        )
        text = body_text(driver)
        missing = [column for column in node["columns"] if column not in text]
        assert missing == [], f"{mart}: columns not shown: {missing}"


def test_lineage_graph_holds_the_marts_and_their_lineage(
    open_docs, published_marts: list[str], manifest: dict[str, Any]
) -> None:
    """Open the full lineage graph, then select one mart's upstream with --select."""
    driver = open_docs("overview")
    driver.find_element(By.CSS_SELECTOR, "[ng-click='onLauncherClick()']").click()
    wait_for(driver, lambda d: "g_v=1" in d.current_url, "the lineage graph to open")
    wait_for(
        driver,
        lambda d: d.execute_script(f"return {CYTOSCAPE}.nodes().length") > 0,
        "the graph to be drawn",
    )

    graph = graph_snapshot(driver)
    nodes = {node["id"]: node for node in graph["nodes"]}
    edges = {tuple(edge) for edge in graph["edges"]}
    mart_ids = [f"model.{PROJECT}.{mart}" for mart in published_marts]
    absent = [uid for uid in mart_ids if uid not in nodes]
    assert absent == [], f"marts missing from the lineage graph: {absent}"
    for uid in mart_ids:
        assert nodes[uid]["visible"], uid
        assert nodes[uid]["label"] == uid.rsplit(".", 1)[1]
        assert nodes[uid]["resource_type"] == "model"
        parents = set(manifest["parent_map"][uid])
        assert parents, f"{uid} has no parents in the manifest"
        missing = {(parent, uid) for parent in parents} - edges
        assert missing == set(), f"lineage edges missing in the graph: {missing}"
    assert (
        f"model.{PROJECT}.fct_subsystem_index",
        f"model.{PROJECT}.fct_coupling_coordination",
    ) in edges

    # The app's graph service holds the same project graph that cytoscape drew.
    service_nodes = driver.execute_script(
        "return Object.keys(angular.element(document.body).injector()"
        ".get('graph').graph.pristine.nodes);"
    )
    assert set(mart_ids) <= set(service_nodes)

    # --select +fct_coupling_coordination: the mart and everything upstream of it.
    selection = driver.find_element(
        By.CSS_SELECTOR, "input[ng-model='selectorService.selection.dirty.include']"
    )
    selection.clear()
    selection.send_keys("+fct_coupling_coordination")
    driver.find_element(By.ID, "submit-graph-selection").click()
    target = f"model.{PROJECT}.fct_coupling_coordination"
    expected = {target} | ancestors(manifest, target)
    wait_for(
        driver,
        lambda d: {node["id"] for node in graph_snapshot(d)["nodes"]} == expected,
        "the graph to show exactly fct_coupling_coordination and its upstream",
    )
    assert "g_i=%2Bfct_coupling_coordination" in driver.current_url
    upstream = graph_snapshot(driver)
    assert f"seed.{PROJECT}.provincial_indicators" in {
        node["id"] for node in upstream["nodes"]
    }
    assert all(node["visible"] for node in upstream["nodes"])
