"""The explorer in a real browser: Voila serves notebooks/explorer.ipynb, Debian's chromium drives it.

Playwright drives ``/usr/bin/chromium`` (never ``playwright install``).  One
Voila server (the explorer's template and a preheated kernel, as ``make app`` runs it)
serves every test of the module; each test opens its own page, so each gets a
fresh kernel.  The tests move a real slider with the keyboard and type into
real boxes, and check what the page shows against the model: the chart and the
scorecard after a slider step; the headline shown first, above Voila's spinner, then
giving way to the explorer's own; ``8``, ``8%`` and ``abc`` typed into a growth
box; a goal seek that keeps the path's anchor years; reset bringing the axes
back (through the y-limits the page states under each chart); an English page
without Chinese in tab labels, control labels and units; tab labels that fit
their tabs at 1280 and 1600 px; a load error shown where the load button is.
The server is started in its own process group and killed by its id even when
a test fails.

With ``EXPLORER_SCREENSHOTS=folder`` the tests also save the screenshots used in
docs/explorer.md (Chinese and English pages, a refused entry, a goal seek).
"""
from __future__ import annotations

import contextlib
import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from model.core import REGISTRY
from model.core.simulate import VARIABLES
from model.explorer.inputs import Display
from model.explorer.preview import voila_command, voila_env
from model.runs.runner import run_scenarios
from model.scenarios import SCENARIO_DIR, Scenario, load_scenario
from model.text import format_number, has_cjk, unit_text
from tests.servers import CHROMIUM, CHROMIUM_ARGS, free_port, stop_group, wait_for_port

ROOT = Path(__file__).resolve().parent.parent
KERNEL = "urad-rear"
#: The slider the test moves: an assumption of the economy tab (open when the page loads).
PARAMETER = "va_2020_mining"

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not Path(CHROMIUM).exists(),
                                 reason="Debian chromium missing (make test installs it)")]


def _ensure_kernel() -> None:
    """The project's kernel inside the venv (what `make kernel` does), installed when missing."""
    from jupyter_client.kernelspec import KernelSpecManager

    if KERNEL not in KernelSpecManager().find_kernel_specs():
        subprocess.run([sys.executable, "-m", "ipykernel", "install", "--prefix", sys.prefix,
                        "--name", KERNEL, "--display-name", "Python (Urad Rear workbook)"],
                       check=True, capture_output=True)


#: Seconds for the preheated kernel to run the notebook before the first page is opened.
PREHEAT_S = 20


@pytest.fixture(scope="module")
def voila_url(tmp_path_factory) -> Iterator[str]:
    """Voila serving the explorer as `make app` does (template, preheated kernel) on a free port of
    127.0.0.1, in its own process group, stopped after the module's tests."""
    _ensure_kernel()
    tmp_path = tmp_path_factory.mktemp("voila")
    port = free_port()
    env = voila_env({**os.environ, "TMPDIR": str(tmp_path), "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"),
                     "JUPYTER_CONFIG_DIR": str(tmp_path / "config")})
    log_path = tmp_path / "voila.log"
    with log_path.open("wb") as log:
        proc = subprocess.Popen(voila_command("notebooks/explorer.ipynb", port), cwd=ROOT, env=env, stdout=log,
                                stderr=subprocess.STDOUT, start_new_session=True)
        try:
            wait_for_port(port, proc, log_path, 60)  # the server is up (GET / would run the notebook)
            time.sleep(PREHEAT_S)
            yield f"http://127.0.0.1:{port}/"
        finally:
            stop_group(proc)


def _expected_after_one_step() -> tuple[float, dict[str, str]]:
    """The slider's value after one ArrowRight, and the model's scorecard values for it."""
    p = REGISTRY[PARAMETER]
    base = load_scenario(SCENARIO_DIR / "baseline.yaml")
    value = float(base.resolved()[PARAMETER]) + Display.of(p).step
    child = Scenario("check", "检查", "check", parent=base, assumptions={PARAMETER: value})
    out = run_scenarios([child])
    return value, {r["target"]: format_number(r["value"]) for r in out.scorecard.rows(0, "zh")}


def _launch(pw):
    return pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)


def _move_slider_and_check(page, shot: Path) -> None:
    """Move the slider one step with the keyboard; check chart, readout and scorecard against the model."""
    value, expected = _expected_after_one_step()
    chart = page.locator("img.chart-economy")
    chart.wait_for(state="visible", timeout=90_000)
    page.wait_for_function("document.querySelector('img.chart-economy').naturalWidth > 0",
                           timeout=30_000)
    # the baseline, in Chinese
    body = page.inner_text("body")
    assert "乌拉特后旗“十四五”规划情景探索器" in body
    assert "基准情景" in body and "规划目标记分卡" in body
    cells = page.locator("td.sc-value")
    first_src = chart.get_attribute("src")
    first_png = chart.screenshot()
    before = {c.get_attribute("data-target"): c.get_attribute("data-value") for c in cells.all()}

    handle = page.locator(f".param-{PARAMETER} .noUi-handle")
    handle.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function(
        "src => document.querySelector('img.chart-economy').getAttribute('src') !== src",
        arg=first_src, timeout=30_000)
    readout = page.locator(f".param-{PARAMETER}-entry input").input_value()
    assert float(readout) == pytest.approx(value)
    # the scorecard shows the model's values for the new setting
    page.wait_for_function(
        "([t, v]) => { const c = document.querySelector(`td.sc-value[data-target='${t}']`);"
        " return c && c.dataset.value === v; }",
        arg=["share_secondary_2025", expected["share_secondary_2025"]], timeout=30_000)
    after = {c.get_attribute("data-target"): c.get_attribute("data-value") for c in cells.all()}
    assert after == {t: v for t, v in expected.items() if t in after}
    assert "share_secondary_2025" in after
    assert after != before
    assert chart.screenshot() != first_png
    page.screenshot(path=str(shot), full_page=False)
    assert shot.stat().st_size > 10_000


def test_slider_in_voila_updates_chart_and_scorecard(voila_url, tmp_path):
    from playwright.sync_api import sync_playwright

    shot = Path(os.environ.get("EXPLORER_SCREENSHOT", tmp_path / "explorer-voila.png"))
    with sync_playwright() as pw:
        browser = _launch(pw)
        try:
            page = browser.new_page(viewport={"width": 1600, "height": 1000})
            page.goto(voila_url, timeout=60_000)
            _move_slider_and_check(page, shot)
            assert "build_explorer" not in page.inner_text("body")  # no code cells in Voila
            # English is one switch away
            page.locator(".explorer-lang button", has_text="English").click()
            page.wait_for_function("document.body.innerText.includes('Plan scorecard')", timeout=30_000)
            assert "Levers (choices the plan makes)" in page.inner_text("body")
        finally:
            browser.close()


@contextlib.contextmanager
def _page(url: str, width: int = 1600, height: int = 1000) -> Iterator:
    """A fresh page (and so a fresh kernel) of the explorer, ready: the economy chart is drawn."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = _launch(pw)
        try:
            page = browser.new_page(viewport={"width": width, "height": height})
            page.goto(url, timeout=120_000)
            page.wait_for_function("() => { const i = document.querySelector('img.chart-economy');"
                                   " return i && i.naturalWidth > 0; }", timeout=180_000)
            yield page
        finally:
            browser.close()


def _shot(page, name: str) -> None:
    """Save a screenshot for docs/explorer.md when ``EXPLORER_SCREENSHOTS`` names a folder."""
    folder = os.environ.get("EXPLORER_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / name), full_page=False)


def _enter(page, selector: str, text: str) -> None:
    """Type ``text`` into an input and send it (Enter), as a user does."""
    box = page.locator(selector)
    box.fill(text)
    box.press("Enter")


def _economy_limits(page) -> list[tuple[float, float]]:
    """The y-limits of the economy chart's panels, as the page states them under the chart."""
    text = page.locator(".explorer-axes").first.text_content()
    return [(float(a), float(b)) for a, b in re.findall(r": (-?[\d.e+]+) … (-?[\d.e+]+)", text)]


def _share(page, target: str) -> str:
    return page.locator(f"td.sc-value[data-target='{target}']").get_attribute("data-value")


def test_the_headline_shows_first_and_gives_way_to_the_explorer(voila_url):
    from playwright.sync_api import sync_playwright

    # the model's own GDP growth 2021-2025 of the baseline, as the scorecard writes it (1 decimal)
    baseline = run_scenarios([load_scenario(SCENARIO_DIR / "baseline.yaml")])
    rows = {r["target"]: r for r in baseline.scorecard.rows(0, "zh")}
    gdp = format_number(rows["gdp_growth"]["value"], 1)
    with sync_playwright() as pw:
        browser = _launch(pw)
        try:
            page = browser.new_page(viewport={"width": 1600, "height": 1000})
            page.goto(voila_url, timeout=120_000, wait_until="commit")
            # the preview at the top of the page, above Voila's spinner (no timing asserted here:
            # benchmarks/explorer_startup.py measures it)
            preview = page.locator("body > .startup-preview .explorer-headline")
            preview.wait_for(state="visible", timeout=120_000)
            card = preview.locator("[data-headline='gdp'] .value")
            assert card.inner_text().startswith(gdp)
            assert "正在载入" in page.locator("body > .startup-preview").inner_text()
            # once the explorer is drawn, its own headline is the only one on the page
            page.wait_for_function("() => { const i = document.querySelector('img.chart-economy');"
                                   " return i && i.naturalWidth > 0; }", timeout=180_000)
            shown = page.eval_on_selector_all(".explorer-headline",
                                              "els => els.filter(e => e.getBoundingClientRect().height > 0)"
                                              ".map(e => e.closest('.urad-explorer') !== null)")
            assert shown == [True]
            assert page.locator(".urad-explorer [data-headline='gdp'] .value").inner_text().startswith(gdp)
        finally:
            browser.close()


def test_typing_8_8_per_cent_and_abc_into_a_growth_box(voila_url):
    # 8 in the 2025 box of services growth is 8 %/yr: the model's services share for that path
    path = {**load_scenario(SCENARIO_DIR / "baseline.yaml").resolved()["growth_tertiary"], 2025: 0.08}
    out = run_scenarios([Scenario("check", "检查", "check", parent=load_scenario(SCENARIO_DIR / "baseline.yaml"),
                                  levers={"growth_tertiary": path})])
    expected = {r["target"]: format_number(r["value"]) for r in out.scorecard.rows(0, "zh")}
    box = ".param-growth_tertiary-2025 input"
    message = ".param-growth_tertiary-message"
    with _page(voila_url) as page:
        assert page.locator(box).input_value() == "7.1"
        _enter(page, box, "8")
        page.wait_for_function(
            "([t, v]) => document.querySelector(`td.sc-value[data-target='${t}']`).dataset.value === v",
            arg=["share_tertiary_2025", expected["share_tertiary_2025"]], timeout=30_000)
        assert page.locator(box).input_value() == "8.0" and page.locator(message).inner_text() == ""
        _enter(page, box, "8%")
        page.wait_for_function(f"document.querySelector('{box}').value === '8.0'", timeout=30_000)
        assert page.locator(message).inner_text() == ""
        assert _share(page, "share_tertiary_2025") == expected["share_tertiary_2025"]
        _enter(page, box, "abc")
        page.wait_for_function(f"document.querySelector('{message}').innerText.includes('abc')",
                               timeout=30_000)
        assert page.locator(message).inner_text() == "“abc”不是数字；保持 8.0 %/年"
        assert page.locator(box).input_value() == "8.0"
        assert _share(page, "share_tertiary_2025") == expected["share_tertiary_2025"]
        # the message sits beside the box, not somewhere down the page
        box_y = page.locator(box).bounding_box()["y"]
        assert abs(page.locator(message).bounding_box()["y"] - box_y) < 120
        _shot(page, "explorer-entry-zh.png")


def test_a_goal_seek_keeps_the_anchor_years_of_the_path(voila_url):
    with _page(voila_url) as page:
        _enter(page, ".param-growth_tertiary-2025 input", "8")  # selects the lever for goal seeking
        page.locator(".explorer-goalseek").get_by_text("目标求解").first.click()
        page.locator(".explorer-solve").click()
        page.wait_for_function("document.querySelector('.explorer-goalseek-result').innerText.includes('答案')",
                               timeout=60_000)
        assert "2021–2025年" in page.locator(".explorer-goalseek-result").inner_text()
        _shot(page, "explorer-goalseek-zh.png")
        page.locator(".explorer-apply").click()
        years = ".param-growth_tertiary-years input"
        page.wait_for_function(f"document.querySelector('{years}').value.startsWith('2020')", timeout=30_000)
        # the plan period's two ends take the answer; 2026 and 2035 keep their 5 %/yr; 2020 keeps 7.1 %
        assert page.locator(years).input_value() == "2020, 2021, 2025, 2026, 2035"
        values = {y: page.locator(f".param-growth_tertiary-{y} input").input_value()
                  for y in (2020, 2021, 2025, 2026, 2035)}
        assert values[2020] == "7.1" and values[2026] == "5.0" and values[2035] == "5.0"
        assert values[2021] == values[2025] != "8.0"
        # 24 % within the plan's tolerance: the scorecard says met once the refresh arrives
        page.wait_for_function("document.querySelector(\"td.sc-status[data-target='share_tertiary_2025']\")"
                               ".textContent.startsWith('达成')", timeout=30_000)
        # plan fitting moving the acid demand alone: it cannot bring the grassland within its
        # capacity; the fit runs on the kernel's worker thread and says so beside its button
        page.locator(".explorer-fitplan-box").get_by_text("规划拟合").first.click()
        page.locator(".explorer-fitplan-levers select").select_option(value="本地硫化工硫酸消纳能力 (kt/年)")
        page.locator(".explorer-fitplan").click()
        page.wait_for_function("document.querySelector('.explorer-fitplan-message').innerText.includes('硬约束')",
                               timeout=60_000)
        assert "草原载畜不超过合理载畜量" in page.locator(".explorer-fitplan-message").inner_text()


def test_reset_brings_the_axes_back(voila_url):
    with _page(voila_url) as page:
        start = _economy_limits(page)
        for year in (2021, 2025, 2026, 2035):  # mining growing 50 %/yr, the registry's maximum
            _enter(page, f".param-growth_mining-{year} input", "50")
        page.wait_for_function(
            "top => { const m = document.querySelector('.explorer-axes').textContent.match(/… (-?[\\d.e+]+)/);"
            " return m && parseFloat(m[1]) > 5 * top; }", arg=start[0][1], timeout=60_000)
        assert _economy_limits(page)[0][1] > 5 * start[0][1]
        page.locator(".explorer-reset").click()
        page.locator(".explorer-confirm").click()  # reset asks before discarding the changes
        page.wait_for_function(
            "top => { const m = document.querySelector('.explorer-axes').textContent.match(/… (-?[\\d.e+]+)/);"
            " return m && parseFloat(m[1]) === top; }", arg=start[0][1], timeout=60_000)
        assert _economy_limits(page) == start


def _texts(page, selector: str) -> list[str]:
    return page.eval_on_selector_all(selector, "els => els.map(e => e.innerText.trim()).filter(t => t)")


def test_the_english_page_has_no_chinese_in_tabs_control_labels_and_units(voila_url):
    with _page(voila_url) as page:
        page.locator(".explorer-lang button", has_text="English").click()
        page.wait_for_function("document.body.innerText.includes('Plan scorecard')", timeout=60_000)
        tabs = page.locator(".explorer-controls .lm-TabBar-tab")
        for k in range(tabs.count()):  # every theme's controls, built when opened
            tabs.nth(k).click()
            page.wait_for_timeout(300)
            page.wait_for_function("document.querySelectorAll('.explorer-controls .explorer-unit').length > 0")
            labels = _texts(page, ".urad-explorer .lm-TabBar-tabLabel")
            controls = _texts(page, ".explorer-controls .explorer-row .widget-html-content")
            units = _texts(page, ".explorer-controls .explorer-unit")
            assert units and controls
            chinese = [t for t in labels + controls + units if has_cjk(t)]
            assert chinese == [], chinese
        tabs.nth(0).click()  # back to the economy: its chart follows
        page.wait_for_function("() => { const i = document.querySelector('img.chart-economy');"
                               " return i && i.getBoundingClientRect().width > 0; }", timeout=30_000)
        page.wait_for_timeout(500)
        _shot(page, "explorer-en.png")


@pytest.mark.parametrize("width", [1280, 1600])
def test_no_tab_label_overflows_its_tab_nor_a_checkbox_label_or_the_year_box(voila_url, width):
    tabs_js = """() => [...document.querySelectorAll('.urad-explorer .lm-TabBar-tab')].map(tab => {
        const label = tab.querySelector('.lm-TabBar-tabLabel');
        return [label.innerText, label.scrollWidth, label.clientWidth, tab.scrollWidth, tab.clientWidth]; })"""
    boxes_js = """() => [...document.querySelectorAll('.urad-explorer .widget-checkbox label, '
        + '.explorer-goalseek .widget-inline-hbox input')].filter(e => e.offsetParent !== null)
        .map(e => [e.innerText || e.value, e.scrollWidth, e.clientWidth])"""
    gdp = f"{VARIABLES['GDP'].label('zh')} ({unit_text(VARIABLES['GDP'].unit, 'zh')})"
    with _page(voila_url, width=width) as page:
        # the goal-seek form with a model variable as its indicator, so the year box shows
        page.locator(".explorer-goalseek").get_by_text("目标求解").first.click()
        page.locator(".explorer-indicator select").select_option(label=gdp)
        page.wait_for_timeout(1500)
        for lang in ("中文", "English"):
            page.locator(".explorer-lang button", has_text=lang).click()
            page.wait_for_timeout(1500)
            tabs = page.evaluate(tabs_js)
            assert len(tabs) >= 2 * len(REGISTRY.by_theme()) - 3
            # the label's text fits the label, and the label its tab (1 px for sub-pixel rounding:
            # CJK glyphs are 13.015625 px wide, the tab's clientWidth is rounded down)
            cut = [t for t in tabs if t[1] > t[2] or t[3] > t[4] + 1]
            assert cut == [], (lang, width, cut)
            boxes = page.evaluate(boxes_js)
            assert any(b[0] == "2025" for b in boxes)  # the goal-seek year box
            assert [b for b in boxes if b[1] > b[2] + 1] == [], (lang, width, boxes)
        if width == 1600:
            page.locator(".explorer-lang button", has_text="中文").click()
            page.locator(".explorer-goalseek").get_by_text("目标求解").first.click()  # folded again
            page.wait_for_timeout(1500)
            _shot(page, "explorer-zh.png")


def test_a_load_error_shows_beside_the_load_button(voila_url):
    with _page(voila_url, width=1280, height=900) as page:
        page.locator(".urad-explorer input[placeholder='或其他文件路径']").first.fill("scenarios/no-such-file.yaml")
        page.locator(".explorer-load").click()
        message = page.locator(".explorer-start-message")
        page.wait_for_function("document.querySelector('.explorer-start-message').innerText.includes('找不到')",
                               timeout=30_000)
        assert message.inner_text() == "找不到文件：scenarios/no-such-file.yaml"  # project-relative
        button, box = page.locator(".explorer-load").bounding_box(), message.bounding_box()
        assert 0 <= box["y"] and box["y"] + box["height"] <= 900  # in the viewport with its button
        assert abs(box["y"] - button["y"]) < 60
