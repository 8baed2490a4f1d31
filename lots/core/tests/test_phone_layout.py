"""Staff pages on a phone (375 px): nothing scrolls sideways as a whole, what still scrolls is reachable by
keyboard, tap targets are at least 24 px, the menu sits behind a visible button, list tables stack their rows,
the risk matrix never breaks a label mid-word and chart text stays readable.

The broad test walks every staff page without parameters (found from the URL configuration, so a new page is
checked without being listed here) and the detail pages the issue named, in one browser page and one login.
"""

import datetime

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from lots.accounts.models import Role
from lots.processes.tests.helpers import make_process, make_routine, make_task
from lots.risks.tests.helpers import completed_analysis, make_followup
from lots.testing.browser import DESKTOP

pytestmark = pytest.mark.browser

PHONE_375 = {"width": 375, "height": 800}

# Not staff pages, or not pages at all: health checks, the sign-in and second-factor steps, files, the public
# feedback form, the language switch and the API.
SKIPPED_PREFIXES = ("healthz", "readyz", "konto/sso/", "konto/tvastegs/", "konto/logga-", "lamna-synpunkter/", "i18n/", "api/")
SKIPPED_SUFFIXES = (".pdf", ".csv", ".js", ".xlsx", ".ics")

# Measures one page: how far it scrolls sideways, the elements that scroll sideways but cannot take the focus,
# and the tap targets under 24 × 24 px that neither sit inline in a sentence nor have the spacing of WCAG 2.5.8
# (a 24 px circle on their centre touches no other target and no other small target's circle).
MEASURE = """() => {
  const name = el => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
    + (typeof el.className === "string" && el.className.trim() ? "." + el.className.trim().split(/\\s+/).join(".") : "");
  const overflow = document.documentElement.scrollWidth - window.innerWidth;
  const unfocusable = [];
  for (const el of document.querySelectorAll("body *")) {
    const style = getComputedStyle(el);
    if ((style.overflowX === "auto" || style.overflowX === "scroll") && el.scrollWidth > el.clientWidth + 1 && el.tabIndex < 0) {
      unfocusable.push(name(el));
    }
  }
  const targets = [...document.querySelectorAll(
    "main a[href], main button, main summary, main input[type=checkbox], main input[type=radio], "
    + "header a[href], header button, nav a[href], nav button"
  )].filter(el => {
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== "hidden";
  });
  const rects = targets.map(el => el.getBoundingClientRect());
  const small = rects.map(r => r.width < 24 || r.height < 24);
  const inSentence = el => {
    if (getComputedStyle(el).display !== "inline") return false;
    let block = el.parentElement;
    while (block && getComputedStyle(block).display.startsWith("inline")) block = block.parentElement;
    return block && block.textContent.replace(/\\s+/g, " ").trim().length > el.textContent.trim().length + 2;
  };
  const tooSmall = [];
  targets.forEach((el, i) => {
    if (!small[i] || inSentence(el)) return;
    const r = rects[i], cx = r.left + r.width / 2, cy = r.top + r.height / 2;
    const crowded = targets.some((other, j) => {
      if (j === i || other.contains(el) || el.contains(other)) return false;
      const o = rects[j];
      if (small[j]) return (o.left + o.width / 2 - cx) ** 2 + (o.top + o.height / 2 - cy) ** 2 < 24 * 24;
      const nx = Math.max(o.left, Math.min(cx, o.right)), ny = Math.max(o.top, Math.min(cy, o.bottom));
      return (nx - cx) ** 2 + (ny - cy) ** 2 < 12 * 12;
    });
    const size = `${Math.round(r.width)}x${Math.round(r.height)}`;
    if (crowded) tooSmall.push(`${name(el)} "${el.textContent.trim().slice(0, 30)}" ${size}`);
  });
  return {overflow, unfocusable, tooSmall};
}"""


def staff_paths() -> list[str]:
    """Every page of the staff side that takes no parameters, by its path."""

    def walk(patterns, prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern) and pattern.pattern.regex.groups == 0:
                yield prefix + str(pattern.pattern)

    paths = []
    for path in walk(get_resolver().url_patterns):
        if "<" in path or path.startswith(SKIPPED_PREFIXES) or path.endswith(SKIPPED_SUFFIXES) or path in paths:
            continue
        paths.append(path)
    return paths


def problems_on(page, url) -> list[str]:
    from playwright.sync_api import Error

    try:
        response = page.goto(url)
    except Error:  # a path that answers only to a form's post, for instance
        return []
    if response is None or response.status != 200 or "text/html" not in response.headers.get("content-type", ""):
        return []
    found = page.evaluate(MEASURE)
    problems = []
    if found["overflow"] > 0:
        problems.append(f"{url} scrollar i sidled med {found['overflow']} px")
    problems += [f"{url}: {element} scrollar i sidled men går inte att nå med tangentbordet" for element in found["unfocusable"]]
    problems += [f"{url}: för litet tryckmål {target}" for target in found["tooSmall"]]
    return problems


@pytest.fixture
def named_pages(world):
    """The detail pages the issue named, with content: a routine, a process, a month of the yearly wheel, a
    follow-up plan and a risk analysis with its matrix."""
    routine = make_routine(world, world.own, title="Samtal med barn i utredningar om skydd och stöd")
    # One long compound as a heading: it must wrap inside the page, not widen it.
    process = make_process(world, world.own, name="Samverkansöverenskommelseförhandlingar")
    make_task(world, world.own, due=datetime.date(2026, 4, 30))
    plan, _item = make_followup(world)
    analysis = completed_analysis(world, "own")
    return [
        reverse("processes:routines"),
        reverse("processes:routine", args=[routine.pk]),
        reverse("processes:detail", args=[process.pk]),
        reverse("processes:calendar_month", args=[2026, 4]),
        reverse("risks:followup", args=[plan.pk]),
        reverse("risks:analysis", args=[analysis.pk]),
    ]


def test_no_staff_page_scrolls_sideways_and_what_scrolls_or_is_tapped_is_reachable(world, named_pages, new_page, live_server):
    page = new_page(user=world.persona(Role.AVDELNINGSCHEF), viewport=PHONE_375)
    problems = []
    for path in named_pages + ["/" + path for path in staff_paths()]:
        problems += problems_on(page, live_server.url + path)
    assert problems == [], "\n".join(problems)


def test_the_named_pages_are_checked_with_content(world, named_pages, new_page, live_server):
    page = new_page(user=world.persona(Role.AVDELNINGSCHEF), viewport=PHONE_375)
    for path in named_pages:
        response = page.goto(live_server.url + path)
        assert response.status == 200, path


def test_the_menu_opens_from_a_visible_button_on_a_phone(world, new_page, live_server):
    page = new_page(user=world.persona(Role.AVDELNINGSCHEF), viewport=PHONE_375)
    page.goto(live_server.url + reverse("home:start"))
    menu = page.get_by_role("navigation", name="Huvudmeny")
    button = page.get_by_role("button", name="Meny")
    assert button.is_visible()
    assert button.get_attribute("aria-expanded") == "false"
    assert not menu.get_by_role("link", name="Risker och kontroll").is_visible()
    button.click()
    assert button.get_attribute("aria-expanded") == "true"
    link = menu.get_by_role("link", name="Risker och kontroll")
    assert link.is_visible()
    assert link.bounding_box()["height"] >= 44
    button.press("Space")
    assert button.get_attribute("aria-expanded") == "false"
    assert not link.is_visible()


def test_without_scripts_the_menu_button_leads_to_the_menu(world, new_page, live_server):
    page = new_page(user=world.persona(Role.AVDELNINGSCHEF), viewport=PHONE_375, javascript=False)
    page.goto(live_server.url + reverse("home:start"))
    page.get_by_role("link", name="Meny").click()
    assert page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Risker och kontroll").is_visible()


def test_on_a_wide_screen_the_menu_is_always_shown_and_the_button_is_not(world, new_page, live_server):
    page = new_page(user=world.persona(Role.AVDELNINGSCHEF), viewport=DESKTOP)
    page.goto(live_server.url + reverse("home:start"))
    assert page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Risker och kontroll").is_visible()
    assert not page.locator(".menu-toggle").is_visible()


def test_a_list_table_stacks_its_rows_with_the_column_headings_on_a_phone(world, new_page, live_server):
    make_routine(world, world.own, title="Samtal med barn")
    page = new_page(user=world.persona(Role.AVDELNINGSCHEF), viewport=PHONE_375)
    page.goto(live_server.url + reverse("processes:routines"))
    row = page.locator("table tbody tr").first
    cells = row.locator("td")
    assert cells.nth(0).get_attribute("data-label") == "Rutin"
    assert cells.nth(3).get_attribute("data-label") == "Nästa översyn"
    # Stacked: each cell takes the row's full width and shows its heading before the value.
    assert cells.nth(1).evaluate("td => getComputedStyle(td).display") == "block"
    assert cells.nth(3).evaluate("td => getComputedStyle(td, '::before').content") == '"Nästa översyn: "'
    # The heading row is kept for screen readers, out of sight.
    assert page.locator("table thead").bounding_box()["height"] <= 1

    page.set_viewport_size(DESKTOP)
    assert cells.nth(1).evaluate("td => getComputedStyle(td).display") == "table-cell"
    assert page.locator("table thead").bounding_box()["height"] > 20


def test_a_plain_link_is_at_least_24_px_high_to_tap(world, new_page, live_server):
    make_routine(world, world.own, title="Samtal med barn")
    page = new_page(user=world.persona(Role.AVDELNINGSCHEF), viewport=PHONE_375)
    page.goto(live_server.url + reverse("processes:routines"))
    assert page.get_by_role("link", name="Samtal med barn").bounding_box()["height"] >= 24


def test_without_scripts_a_list_table_scrolls_inside_a_keyboard_reachable_region(world, new_page, live_server):
    make_routine(world, world.own, title="Samtal med barn")
    page = new_page(user=world.persona(Role.AVDELNINGSCHEF), viewport=PHONE_375, javascript=False)
    page.goto(live_server.url + reverse("processes:routines"))
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    region = page.get_by_role("region", name="Rutiner")
    assert region.get_attribute("tabindex") == "0"


def test_the_risk_matrix_breaks_its_labels_only_between_words_on_a_phone(world, new_page, live_server):
    analysis = completed_analysis(world, "own")
    page = new_page(user=world.persona(Role.AVDELNINGSCHEF), viewport=PHONE_375)
    page.goto(live_server.url + reverse("risks:analysis", args=[analysis.pk]))
    assert page.locator("table.heatmap").count() >= 1
    # A word broken over two lines has two boxes on the screen.
    broken = page.evaluate(
        """() => {
          const broken = [];
          for (const cell of document.querySelectorAll("table.heatmap th, table.heatmap .heatmap__corner, .heatmap__level")) {
            const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
              for (const match of node.textContent.matchAll(/\\S+/g)) {
                const range = document.createRange();
                range.setStart(node, match.index);
                range.setEnd(node, match.index + match[0].length);
                if (range.getClientRects().length > 1) broken.push(match[0]);
              }
            }
          }
          return broken;
        }"""
    )
    assert broken == []
    wrap = page.locator(".heatmap-wrap").first
    assert wrap.get_attribute("tabindex") == "0" and wrap.get_attribute("role") == "region"


def test_chart_text_is_at_least_12_px_on_a_phone(world, new_page, live_server):
    page = new_page(user=world.persona(Role.KVALITETSSAMORDNARE), viewport=PHONE_375)
    page.goto(live_server.url + reverse("reports:trends"))
    sizes = page.evaluate(
        """() => [...document.querySelectorAll("svg.chart text")].map(text =>
             parseFloat(getComputedStyle(text).fontSize) * text.getScreenCTM().a)"""
    )
    assert sizes, "sidan ska visa minst ett diagram"
    assert min(sizes) >= 11.9
    frame = page.locator(".chart-frame").first
    assert frame.get_attribute("tabindex") == "0"
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
