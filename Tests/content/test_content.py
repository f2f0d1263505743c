"""Checks the guide's Markdown in Content/ directly, without building the site.

Run from the repository root: `python3 -m pytest Tests/content -q`.

The rules mirror what docgen enforces (front matter, links, fragments, widgets) plus the guide's own
promises: every fact-bearing page cites the References page, diagrams carry a title and description,
and nothing uses Markdown that docgen's plain CommonMark renderer would show as literal text.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pytest
import yaml

CONTENT = Path(__file__).resolve().parents[2] / "Content"
REFERENCES = CONTENT / "reference" / "references.md"

# The pages issue 4 asks for, by path inside Content/.
REQUIRED_PAGES = [
    "index.md",
    "setup/prerequisites.md",
    "setup/configure-lync-server.md",
    "setup/request-provisioning.md",
    "contacts/add-skype-contacts.md",
    "contacts/what-users-see.md",
    "help/caveats.md",
    "help/troubleshooting.md",
    "help/faq.md",
    "reference/glossary.md",
    "reference/references.md",
]

# Each widget and the one page that must hold it.
WIDGET_PAGES = {
    "request-email": "setup/request-provisioning.md",
    "address-converter": "contacts/add-skype-contacts.md",
}

# Every troubleshooting case in the fact sheet (section 9) must have its own linkable heading.
TROUBLESHOOTING_SLUGS = [
    "skype-contact-shows-presence-unknown-and-gets-no-request",
    "im-to-external-contacts-fails-with-403-forbidden",
    "one-skype-contact-fails-others-work",
    "all-skype-contacts-fail",
    "skype-search-finds-nothing-for-your-domain",
    "lync-user-never-sees-requests-from-skype-users",
    "a-skype-user-cannot-be-added-at-all",
    "users-must-rename-their-microsoft-account-after-pic-is-turned-on",
    "audio-or-video-with-windows-live-messenger-users-fails-historic",
    "presence-unknown-with-a-federated-organisation-certificate",
    "piclynccom-shows-validation-of-viewstate-mac-failed",
]

GLOSSARY_SLUGS = [
    "easi",
    "pic",
    "access-edge",
    "access-proxy",
    "microsoft-account",
    "sip-domain",
    "srv-record",
    "name-decoration",
]

# Pages that may leave out a link to the References page: the page itself.
NO_CITATION_NEEDED = {"reference/references.md"}

FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})(.*)$")
ATX_HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
# A link or image destination; allows one level of balanced parentheses, as in MSDN addresses.
LINK = re.compile(r"(!?)\[((?:[^\[\]]|\[[^\[\]]*\])*)\]\(((?:[^()\s]|\([^()\s]*\))*)(?:\s+\"[^\"]*\")?\)")
CODE_SPAN = re.compile(r"(`+)(.+?)\1")
AUTOLINK = re.compile(r"<[A-Za-z][A-Za-z0-9+.-]*:[^<>\s]*>")
RAW_HTML = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>|<!--")
TABLE_DELIMITER_ROW = re.compile(r"^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)+\|?\s*$")


@dataclass
class Page:
    path: Path
    relative: str
    front_matter: dict
    body_lines: list[str]
    first_body_line: int
    # Lines outside fenced code blocks, with their 1-based line numbers in the file.
    prose: list[tuple[int, str]] = field(default_factory=list)
    # (info string, body) of each fenced block.
    fences: list[tuple[str, str]] = field(default_factory=list)
    headings: list[str] = field(default_factory=list)


def parse_page(path: Path) -> Page:
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    assert lines[0] == "---", f"{path}: must start with '---' front matter"
    try:
        end = lines.index("---", 1)
    except ValueError:
        raise AssertionError(f"{path}: front matter has no closing '---'") from None
    # A YAML error becomes a failing front-matter test for this page instead of breaking collection.
    try:
        front_matter = yaml.safe_load("\n".join(lines[1:end])) or {}
    except yaml.YAMLError as error:
        front_matter = {"yaml error": str(error).replace("\n", " ")}
    page = Page(path, path.relative_to(CONTENT).as_posix(), front_matter, lines[end + 1 :], end + 2)
    fence_marker = None
    info, body = "", []
    for offset, line in enumerate(page.body_lines):
        number = page.first_body_line + offset
        match = FENCE.match(line)
        if fence_marker is None and match:
            fence_marker, info, body = match.group(1), match.group(2).strip(), []
            continue
        if fence_marker is not None:
            if line.strip().startswith(fence_marker[0] * len(fence_marker)) and not line.strip().strip(fence_marker[0]):
                page.fences.append((info, "\n".join(body)))
                fence_marker = None
            else:
                body.append(line)
            continue
        page.prose.append((number, line))
        heading = ATX_HEADING.match(line)
        if heading:
            page.headings.append(heading.group(2))
    assert fence_marker is None, f"{path}: a fenced code block is never closed"
    return page


@cache
def pages() -> dict[str, Page]:
    return {page.relative: page for page in map(parse_page, sorted(CONTENT.rglob("*.md")))}


def without_code_spans(line: str) -> str:
    return CODE_SPAN.sub("", line)


def heading_plain_text(heading: str) -> str:
    """The heading as text: link and emphasis markup removed, code span contents kept."""
    pieces = []
    position = 0
    for match in CODE_SPAN.finditer(heading):
        pieces.append(strip_inline_markup(heading[position : match.start()]))
        pieces.append(match.group(2).strip())
        position = match.end()
    pieces.append(strip_inline_markup(heading[position:]))
    return "".join(pieces)


def strip_inline_markup(text: str) -> str:
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = text.replace("*", "")
    # Smart punctuation turns these into dashes and an ellipsis, which slugs drop.
    return text.replace("---", "\u2014").replace("--", "\u2013").replace("...", "\u2026")


def slug(text: str) -> str:
    """docgen's heading id: letters and digits kept, spaces/hyphens/underscores to '-', rest dropped."""
    characters = []
    for character in text.lower():
        category = unicodedata.category(character)
        if category[0] in ("L", "N"):
            characters.append(character)
        elif character in " -_":
            characters.append("-")
    return re.sub(r"-+", "-", "".join(characters)).strip("-")


@cache
def slugs_of(relative: str) -> frozenset[str]:
    seen: dict[str, int] = {}
    result = set()
    for heading in pages()[relative].headings:
        base = slug(heading_plain_text(heading))
        count = seen.get(base, 0)
        seen[base] = count + 1
        result.add(base if count == 0 else f"{base}-{count}")
    return frozenset(result)


def links_of(page: Page) -> list[tuple[int, bool, str, str]]:
    """(line, is image, text, destination) for every inline link and image outside code."""
    found = []
    for number, line in page.prose:
        for match in LINK.finditer(without_code_spans(line)):
            found.append((number, match.group(1) == "!", match.group(2), match.group(3)))
    return found


def is_external(destination: str) -> bool:
    return re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", destination) is not None


def resolve(page: Page, destination: str) -> tuple[Path, str]:
    target, _, fragment = destination.partition("#")
    path = page.path if not target else (page.path.parent / target).resolve()
    return path, fragment


PAGE_IDS = sorted(pages())


def test_content_folder_has_pages():
    assert "index.md" in pages(), "Content/index.md (the Overview) is missing"


@pytest.mark.parametrize("relative", REQUIRED_PAGES)
def test_required_page_exists(relative):
    assert relative in pages(), f"Content/{relative} is required by issue 4 but missing"


@pytest.mark.parametrize("relative", PAGE_IDS)
def test_front_matter(relative):
    front = pages()[relative].front_matter
    assert "yaml error" not in front, f"Content/{relative}: front matter is not valid YAML: {front.get('yaml error')}"
    assert isinstance(front, dict), f"Content/{relative}: front matter must be a mapping"
    for key in ("title", "description"):
        value = front.get(key)
        assert isinstance(value, str) and value.strip(), f"Content/{relative}: '{key}' must be a non-empty string"
    assert isinstance(front.get("order"), int), f"Content/{relative}: 'order' must be an integer"


def test_every_section_folder_has_an_index_and_distinct_orders():
    folders: dict[Path, list[Page]] = {}
    for page in pages().values():
        folders.setdefault(page.path.parent, []).append(page)
    for folder, members in folders.items():
        name = folder.relative_to(CONTENT).as_posix()
        assert (folder / "index.md").exists(), f"Content/{name}/ has pages but no index.md, so it has no section title"
        in_folder = [p for p in members if p.path.name != "index.md"]
        orders = [p.front_matter.get("order") for p in in_folder]
        assert len(orders) == len(set(orders)), f"Content/{name}/: two pages share an 'order', so navigation order is ambiguous"
    sections = [p for p in pages().values() if p.path.name == "index.md" and p.path.parent != CONTENT]
    section_orders = [p.front_matter.get("order") for p in sections]
    assert len(section_orders) == len(set(section_orders)), "two sections share an 'order'"


@pytest.mark.parametrize("relative", PAGE_IDS)
def test_links_resolve(relative):
    page = pages()[relative]
    for line, is_image, _, destination in links_of(page):
        where = f"Content/{relative}:{line}"
        assert destination, f"{where}: empty link destination"
        assert not destination.startswith("/"), f"{where}: root-absolute link '{destination}' breaks when opened from disk"
        if is_external(destination):
            assert not is_image, f"{where}: image '{destination}' must be a file inside Content/, not a remote address"
            continue
        path, fragment = resolve(page, destination)
        assert path.exists(), f"{where}: link target '{destination}' does not exist"
        assert CONTENT in path.parents or path == CONTENT, f"{where}: '{destination}' points outside Content/"
        if not is_image:
            assert path.suffix == ".md", f"{where}: link to '{destination}', which is not a .md page"
        if fragment:
            target = path.relative_to(CONTENT).as_posix()
            assert fragment in slugs_of(target), f"{where}: no heading on Content/{target} has the id '#{fragment}'"


@pytest.mark.parametrize("relative", sorted(set(PAGE_IDS) - NO_CITATION_NEEDED))
def test_page_cites_references(relative):
    page = pages()[relative]
    cites = any(
        not is_external(destination) and not is_image and resolve(page, destination)[0] == REFERENCES
        for _, is_image, _, destination in links_of(page)
    )
    assert cites, f"Content/{relative} states facts but never links to the References page"


def test_citations_to_references_point_at_real_entries():
    """A bare link to the References page is allowed, but most should name the entry they rely on."""
    fragments = [
        resolve(page, destination)[1]
        for page in pages().values()
        for _, is_image, _, destination in links_of(page)
        if not is_external(destination) and resolve(page, destination)[0] == REFERENCES
    ]
    assert sum(1 for fragment in fragments if fragment) >= len(fragments) // 2


@pytest.mark.parametrize("relative", PAGE_IDS)
def test_plain_commonmark_only(relative):
    page = pages()[relative]
    for number, line in page.prose:
        where = f"Content/{relative}:{number}"
        text = without_code_spans(line)
        assert not TABLE_DELIMITER_ROW.match(text), f"{where}: pipe tables are GFM, which docgen does not render"
        assert "~~" not in text, f"{where}: strikethrough is GFM, which docgen does not render"
        assert not re.match(r"^\s*[-*+]\s+\[[ xX]\]\s", text), f"{where}: task lists are GFM, which docgen does not render"
        without_links = AUTOLINK.sub("", LINK.sub("", text))
        assert not RAW_HTML.search(without_links), f"{where}: raw HTML is omitted by the renderer"
        assert not re.search(r"https?://", without_links), f"{where}: bare URL; write <https://…> or [text](url)"


@pytest.mark.parametrize("relative", PAGE_IDS)
def test_no_level_one_heading(relative):
    """docgen renders the front-matter title as the page's only <h1>."""
    for number, line in pages()[relative].prose:
        heading = ATX_HEADING.match(line)
        assert not (heading and len(heading.group(1)) == 1), f"Content/{relative}:{number}: start sections with '##'"


@pytest.mark.parametrize("name", sorted(WIDGET_PAGES))
def test_widget_placed_exactly_once(name):
    placements = [
        (relative, body)
        for relative, page in pages().items()
        for info, body in page.fences
        if info.split() == ["widget", name]
    ]
    assert [relative for relative, _ in placements] == [WIDGET_PAGES[name]], (
        f"widget '{name}' must appear exactly once, on Content/{WIDGET_PAGES[name]}; found {placements}"
    )
    assert not placements[0][1].strip(), f"widget '{name}' fence must have an empty body"


def test_no_unknown_widgets():
    names = {info.split()[1] for page in pages().values() for info, _ in page.fences if info.split()[:1] == ["widget"] and len(info.split()) > 1}
    assert names <= set(WIDGET_PAGES), f"unknown widget names: {sorted(names - set(WIDGET_PAGES))}"


def referenced_images() -> list[tuple[str, int, str, Path]]:
    return [
        (relative, line, alt, resolve(page, destination)[0])
        for relative, page in pages().items()
        for line, is_image, alt, destination in links_of(page)
        if is_image
    ]


def test_at_least_two_diagrams():
    svgs = {path for _, _, _, path in referenced_images() if path.suffix == ".svg"}
    assert len(svgs) >= 2, "the guide needs at least two SVG diagrams"


@pytest.mark.parametrize("relative,line,alt,path", referenced_images(), ids=lambda value: str(value))
def test_image(relative, line, alt, path):
    where = f"Content/{relative}:{line}"
    assert len(alt.strip()) >= 20, f"{where}: image needs a real text alternative"
    assert path.exists(), f"{where}: image {path.name} does not exist"
    if path.suffix != ".svg":
        return
    svg = path.read_text(encoding="utf-8")
    for pattern, what in [
        (r"<svg[^>]*\brole=\"img\"", 'role="img" on the root element'),
        (r"<title[^>]*>[^<]{10,}</title>", "a <title>"),
        (r"<desc[^>]*>[^<]{40,}</desc>", "a <desc>"),
    ]:
        assert re.search(pattern, svg), f"{path.name}: needs {what}"
    external = re.findall(r"(?:href|src)=\"(?!#)[^\"]*\"|@import|url\((?!#)", svg)
    assert not external, f"{path.name}: must not load anything external ({external})"


@pytest.mark.parametrize("relative,slugs", [
    ("help/troubleshooting.md", TROUBLESHOOTING_SLUGS),
    ("reference/glossary.md", GLOSSARY_SLUGS),
])
def test_required_headings(relative, slugs):
    missing = [s for s in slugs if s not in slugs_of(relative)]
    assert not missing, f"Content/{relative} lacks headings with ids {missing}"


def test_references_page_says_links_need_a_network():
    text = REFERENCES.read_text(encoding="utf-8").lower()
    assert "need a network" in text or "needs a network" in text


def test_no_invented_microsoft_contact_address():
    """Microsoft's provisioning contact address is unknown; no page may publish one."""
    for relative, page in pages().items():
        for number, line in page.prose + [(0, body) for _, body in page.fences]:
            found = re.findall(r"[\w.+-]+@(?:[\w-]+\.)*microsoft\.com\b", line, re.IGNORECASE)
            assert not found, f"Content/{relative}:{number}: publishes {found}; the real address is unknown"


def test_slug_rules():
    assert slug("Step 2: DNS SRV record (federation)") == "step-2-dns-srv-record-federation"
    assert slug("pic.lync.com shows Validation of viewstate MAC failed") == "piclynccom-shows-validation-of-viewstate-mac-failed"
    assert slug(heading_plain_text("The `@hotmail.com` variant -- today")) == "the-hotmailcom-variant-today"


# ---------------------------------------------------------------------------------------------
# Corrected facts (issue 14). Each test fails on the text the review corrected.

CONFIGURE = "setup/configure-lync-server.md"


def sections_of(relative: str) -> list[tuple[str, list[str], list[tuple[str, str]]]]:
    """(heading, prose lines, fenced blocks) for each ATX-heading section of a page, in order."""
    page = pages()[relative]
    sections: list[tuple[str, list[str], list[tuple[str, str]]]] = [("", [], [])]
    fence_marker = None
    info, body = "", []
    for line in page.body_lines:
        match = FENCE.match(line)
        if fence_marker is None and match:
            fence_marker, info, body = match.group(1), match.group(2).strip(), []
            continue
        if fence_marker is not None:
            if line.strip().startswith(fence_marker[0] * len(fence_marker)) and not line.strip().strip(fence_marker[0]):
                sections[-1][2].append((info, "\n".join(body)))
                fence_marker = None
            else:
                body.append(line)
            continue
        heading = ATX_HEADING.match(line)
        if heading:
            sections.append((heading_plain_text(heading.group(2)), [], []))
        else:
            sections[-1][1].append(line)
    return sections


def prose_text(relative: str) -> str:
    return "\n".join(line for _, line in pages()[relative].prose)


def all_fences() -> list[tuple[str, str, str]]:
    return [(relative, info, body) for relative, page in pages().items() for info, body in page.fences]


def provider_section(words: list[str], exclude: list[str]) -> list[tuple[str, str]]:
    found = [
        fences
        for heading, _, fences in sections_of(CONFIGURE)
        if all(word.lower() in heading.lower() for word in words) and not any(w.lower() in heading.lower() for w in exclude)
    ]
    assert found, f"Content/{CONFIGURE} needs a section whose heading names {words}"
    return [fence for fences in found for fence in fences]


def test_lync_2010_provider_commands_fit_lync_2010():
    """Lync Server 2010 ships the provider as MSN and its New-CsPublicProvider has no -IconUrl."""
    fences = provider_section(["Lync Server 2010"], ["2013"])
    code = "\n".join(body for info, body in fences if info == "powershell")
    assert "New-CsPublicProvider" in code, "the Lync Server 2010 section needs its own New-CsPublicProvider block"
    assert "-IconUrl" not in code, "Lync Server 2010's New-CsPublicProvider has no -IconUrl parameter"
    assert "NameDecoration" not in code, "name decoration needs Lync Server 2013 CU5"
    assert re.search(r"Remove-CsPublicProvider -Identity MSN\b", code), "Lync Server 2010 ships the provider as 'MSN'"
    assert not re.search(r"-Identity Messenger\b", code), "Lync Server 2010 has no provider named 'Messenger'"


def test_no_block_with_iconurl_is_offered_for_lync_2010():
    for heading, lines, fences in sections_of(CONFIGURE):
        text = heading + "\n" + "\n".join(lines)
        if any("-IconUrl" in body for _, body in fences):
            assert "Lync Server 2013" in heading, f"section '{heading}' has -IconUrl but does not say it is for Lync Server 2013"
            assert not re.search(r"on Lync Server 2010", text), f"section '{heading}' offers an -IconUrl command to Lync Server 2010"


def test_lync_2013_provider_blocks_before_and_after_cu5():
    before = "\n".join(body for info, body in provider_section(["2013", "before CU5"], []) if info == "powershell")
    after = "\n".join(body for info, body in provider_section(["CU5 and later"], ["before"]) if info == "powershell")
    assert "New-CsPublicProvider" in before and "NameDecoration" not in before
    assert "-NameDecorationRoutingDomain msn.com" in after


def test_provider_identity_and_proxyfqdn_conflict_explained():
    text = prose_text(CONFIGURE)
    assert "Get-CsPublicProvider" in text
    assert re.search(r"same `?ProxyFqdn`?", text), "say that New-CsPublicProvider fails while another provider uses the same ProxyFqdn"


def test_partner_discovery_is_a_choice():
    text = prose_text(CONFIGURE) + "\n".join(body for _, _, body in all_fences())
    assert not re.search(r"partner discovery, which [^.]*requires", prose_text(CONFIGURE))
    assert "-EnablePartnerDiscovery $False" in text, "show the allow-list choice ($False) next to $True"
    for relative in pages():
        assert "(and True)" not in prose_text(relative), f"Content/{relative}: partner discovery need not be True"


def test_new_external_access_policy_keeps_outside_and_federation_access():
    for relative, info, body in all_fences():
        for line in body.split("\n"):
            if "New-CsExternalAccessPolicy" in line:
                assert "-EnableOutsideAccess" in line and "-EnableFederationAccess" in line, (
                    f"Content/{relative}: {line.strip()} takes away remote access and federation (both default to False)"
                )


def test_public_cloud_audio_video_is_part_of_setup():
    step2 = [fences for heading, _, fences in sections_of(CONFIGURE) if heading.startswith("Step 2")]
    code = "\n".join(body for fences in step2 for _, body in fences)
    assert "-EnablePublicCloudAudioVideoAccess $True" in code
    assert "not part of the Skype setup" not in prose_text("help/troubleshooting.md")


def test_multi_domain_srv_target_and_certificate():
    for relative in ["setup/prerequisites.md", CONFIGURE, "setup/request-provisioning.md"]:
        assert "sip.fabrikam.com" in prose_text(relative), f"Content/{relative}: say each SIP domain needs its own SRV target"


def test_edge_deployment_wizard_after_publishing():
    assert "Setup or Remove Lync Server Components" in prose_text(CONFIGURE)


def test_media_encryption_is_global():
    text = prose_text("help/troubleshooting.md")
    assert "unencrypted media from public providers" not in text
    assert re.search(r"global media", text), "Set-CsMediaConfiguration changes the global media settings"


def test_lync_online_articles_are_labelled():
    text = REFERENCES.read_text(encoding="utf-8")
    entry = text.split("### KB 2566829", 1)[1].split("###", 1)[0]
    assert "CU5" not in entry.split("Supports:", 1)[1], "KB 2566829 does not mention CU5, so it cannot support it"
    assert "Lync Online" in entry
    entry = text.split("### Cannot communicate with external contacts", 1)[1].split("###", 1)[0]
    assert "Lync Online" in entry


def test_provisioning_request_comes_first_in_the_overview_path():
    text = prose_text("index.md")
    path = text.split("## The whole path at a glance", 1)[1].split("\n## ", 1)[0]
    assert path.index("setup/request-provisioning.md") < path.index("setup/configure-lync-server.md")


def test_firewall_edge_pool_replication_rollback_and_checklist():
    prerequisites = prose_text("setup/prerequisites.md")
    assert "Firewall" in "\n".join(pages()["setup/prerequisites.md"].headings)
    assert "5061" in prerequisites and "3478" in prerequisites
    assert re.search(r"one Edge pool", prerequisites)
    configure = prose_text(CONFIGURE) + "\n".join(body for relative, _, body in all_fences() if relative == CONFIGURE)
    assert "Get-CsManagementStoreReplicationStatus" in configure
    headings = "\n".join(pages()[CONFIGURE].headings)
    assert "Switch it off again" in headings
    for command in ["Disable-CsPublicProvider", "-EnablePublicCloudAccess $False", "-AllowFederatedUsers $False"]:
        assert command in configure, f"the rollback needs {command}"
    assert headings.strip().split("\n")[-1].startswith("Verify end to end"), "end Set up with one verification checklist"


def test_after_2019_rules():
    section = prose_text("setup/request-provisioning.md").split("## After the portal closed", 1)[1]
    for phrase in ["No action", "Skype for Business Online", "Office Communications Server 2007 R2", "remove"]:
        assert phrase in section, f"'After the portal closed' should cover: {phrase}"


def test_one_off_stories_told_once():
    for phrase, home in [("Validation of viewstate MAC failed", "help/troubleshooting.md"), ("Network World", "help/caveats.md")]:
        pages_with = sorted(r for r in pages() if r != "reference/references.md" and phrase in prose_text(r))
        assert pages_with == [home], f"'{phrase}' belongs on Content/{home} only, found on {pages_with}"


def test_no_provenance_asides_inside_procedures():
    for relative in pages():
        for number, line in pages()[relative].prose:
            if re.match(r"^\s*\d+\.\s", line):
                assert not re.search(r"older revision|third-party walkthrough", line), (
                    f"Content/{relative}:{number}: move the provenance aside into a note after the steps"
                )


def test_timeline_in_date_order_with_cu5_date():
    text = prose_text("setup/request-provisioning.md")
    assert "not in date order" not in text
    assert re.search(r"\*\*August 2014:\*\* Lync Server 2013 CU5", text)
    assert "Yahoo!, AOL and Messenger" not in "".join(prose_text(r) for r in pages())
