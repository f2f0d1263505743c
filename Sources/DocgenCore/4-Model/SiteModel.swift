// Stage 4, model. In: the records of every page. Out: the site as readers navigate it (sections, reading
// order, sidebar, breadcrumbs, previous/next); the builder also checks that each output file has one source.

/// What the first pass learns about a page: enough to build navigation and check links to it.
struct PageRecord: Sendable {
    var file: ContentFile
    /// `Content/setup/dns.md`: the path shown in messages.
    var displayPath: String
    var frontMatter: FrontMatter
    /// From the front matter, else the first level-1 heading, else the file name made readable.
    var title: String
    /// The index (among the page's headings) of the level-1 heading that became the title, which the
    /// body then leaves out.
    var titleHeading: Int?
    /// The folder's own page: `index.md`, else `README.md`; written as the folder's `index.html`.
    var isFolderIndex: Bool
    var layout: String
    /// `setup/dns.html`.
    var outputPath: String
    /// Ids of the page's headings, for checking `#fragment` links to it.
    var headingIDs: Set<String>
    /// The id the title heading would have had: links to it (`README.md#project`, as written for
    /// GitHub) lead to the page.
    var titleID: String? = nil
    /// Widgets the page places, so only their assets are written.
    var widgetNames: Set<String> = []
}

/// Pages arranged as the sidebar shows them: folders are sections, `index.md` is a section's page.
struct SiteModel: Sendable {
    struct Section: Sendable {
        var path: String
        var title: String
        var order: Int?
        /// The section's `index.md`, if any.
        var indexPage: Int?
        var entries: [Entry] = []
    }

    enum Entry: Sendable, Hashable {
        case page(Int)
        case section(String)
    }

    let pages: [PageRecord]
    /// Each page's output path, percent-encoded once for the whole build.
    let encodedPaths: [String]
    let pageBySource: [String: Int]
    let pageByOutput: [String: Int]
    private(set) var sections: [String: Section] = [:]
    /// Every page in reading order: the home page, then each section depth first.
    private(set) var readingOrder: [Int] = []
    private(set) var positionInReadingOrder: [Int] = []
    /// The folder sections each page sits in, outermost first (the top level is "").
    private(set) var sectionChain: [[String]] = []
    /// Where each page stands among its section's entries (-1 for a section's own page and the
    /// not-found page), and each section among its parent's: the sidebar finds the current page's
    /// place without scanning a section of thousands.
    private var entryPositionOfPage: [Int] = []
    private var entryPositionOfSection: [String: Int] = [:]

    init(pages: [PageRecord]) {
        self.pages = pages
        encodedPaths = pages.map { URLPath.encode($0.outputPath) }
        pageBySource = Dictionary(pages.indices.map { (pages[$0].file.relativePath, $0) }, uniquingKeysWith: { a, _ in a })
        pageByOutput = Dictionary(pages.indices.map { (pages[$0].outputPath, $0) }, uniquingKeysWith: { a, _ in a })
        buildSections()
        positionInReadingOrder = Array(repeating: 0, count: pages.count)
        appendReadingOrder(of: "")
        for (position, page) in readingOrder.enumerated() { positionInReadingOrder[page] = position }
        entryPositionOfPage = Array(repeating: -1, count: pages.count)
        for section in sections.values {
            for (position, entry) in section.entries.enumerated() {
                switch entry {
                case .page(let index): entryPositionOfPage[index] = position
                case .section(let child): entryPositionOfSection[child] = position
                }
            }
        }
        sectionChain = pages.map { page in
            var chain: [String] = []
            var folder = URLPath.directory(of: page.file.relativePath)
            while !folder.isEmpty {
                chain.insert(folder, at: 0)
                folder = URLPath.directory(of: folder)
            }
            return chain
        }
    }

    /// The home page: the top folder's page (`index.md` or `README.md`), if there is one.
    var homePage: Int? { sections[""]?.indexPage }

    private mutating func buildSections() {
        sections[""] = Section(path: "", title: "", order: nil, indexPage: nil)
        for index in pages.indices {
            let path = pages[index].file.relativePath
            let folder = URLPath.directory(of: path)
            // The not-found page is no part of the guide: not in the sidebar, reading order or print.html.
            if pages[index].outputPath == "404.html" { continue }
            ensureSection(folder)
            if pages[index].isFolderIndex {
                sections[folder]?.indexPage = index
                if !folder.isEmpty {
                    sections[folder]?.title = pages[index].title
                    sections[folder]?.order = pages[index].frontMatter.order
                }
            } else {
                sections[folder]?.entries.append(.page(index))
            }
        }
        let sortedEntries = sections.mapValues { $0.entries.sorted(by: precedes) }
        for (key, entries) in sortedEntries {
            sections[key]?.entries = entries
        }
    }

    private mutating func ensureSection(_ folder: String) {
        guard sections[folder] == nil else { return }
        let name = folder.split(separator: "/").last.map(String.init) ?? folder
        sections[folder] = Section(path: folder, title: Self.title(fromFolderName: name), order: nil, indexPage: nil)
        let parent = URLPath.directory(of: folder)
        ensureSection(parent)
        sections[parent]?.entries.append(.section(folder))
    }

    /// Ordered entries first (by `order`), then the rest; ties by path so the order is stable.
    private func precedes(_ lhs: Entry, _ rhs: Entry) -> Bool {
        let (leftOrder, leftPath) = sortKey(lhs)
        let (rightOrder, rightPath) = sortKey(rhs)
        switch (leftOrder, rightOrder) {
        case let (left?, right?) where left != right: return left < right
        case (.some, nil): return true
        case (nil, .some): return false
        default: return leftPath.bytesPrecede(rightPath)
        }
    }

    private func sortKey(_ entry: Entry) -> (Int?, String) {
        let order: Int?
        let path: String
        switch entry {
        case .page(let index):
            order = pages[index].frontMatter.order
            path = pages[index].file.relativePath
        case .section(let folder):
            order = sections[folder]?.order
            path = folder
        }
        return (order, path)
    }

    private mutating func appendReadingOrder(of folder: String) {
        guard let section = sections[folder] else { return }
        if let index = section.indexPage { readingOrder.append(index) }
        for entry in section.entries {
            switch entry {
            case .page(let index): readingOrder.append(index)
            case .section(let child): appendReadingOrder(of: child)
            }
        }
    }

    /// `getting-started` → `Getting started`.
    static func title(fromFolderName name: String) -> String {
        let words = String(name.map { $0 == "-" || $0 == "_" ? " " : $0 })
        return words.prefix(1).uppercased() + words.dropFirst()
    }

    // MARK: What a page's templates receive

    func link(to page: Int) -> Link {
        Link(title: pages[page].title, path: encodedPaths[page])
    }

    /// The sidebar for `current`: top-level entries, with only the sections on the way to `current` expanded.
    func navigation(for current: Int?) -> [NavigationItem] {
        var items: [NavigationItem] = []
        if let home = homePage {
            items.append(
                NavigationItem(
                    title: pages[home].title, path: encodedPaths[home],
                    isCurrent: home == current, containsCurrent: home == current, isSection: false, children: []))
        }
        items += navigationItems(in: "", current: current, openSections: Set(current.map { sectionChain[$0] } ?? []))
        return items
    }

    /// A section with more entries than this shows only its first ones, those around the current page,
    /// and a link to the section's page, so every page's sidebar stays small however large the site.
    static let navigationLimit = 40
    static let navigationLead = 10
    static let navigationRadius = 10

    /// The entry of section `folder` that is page `current` or holds it, if any: the page itself when it
    /// sits in `folder`, else the section on its way down from `folder`.
    func entryPosition(inSection folder: String, towards current: Int) -> Int? {
        let chain = sectionChain[current]
        let pageFolder = chain.last ?? ""
        if pageFolder == folder {
            let position = entryPositionOfPage[current]
            return position >= 0 ? position : nil
        }
        // The chain lists the page's folders outermost first; the one below `folder` is its entry there.
        let depth = folder.isEmpty ? 0 : (chain.firstIndex(of: folder).map { $0 + 1 } ?? chain.count)
        guard depth < chain.count else { return nil }
        return entryPositionOfSection[chain[depth]]
    }

    /// The same by scanning the section's entries, as the sidebar once did for every page; kept for tests.
    func entryPositionByScanning(inSection folder: String, towards current: Int) -> Int? {
        let openSections = Set(sectionChain[current])
        return sections[folder]?.entries.firstIndex { entry in
            switch entry {
            case .page(let index): return index == current
            case .section(let child): return openSections.contains(child)
            }
        }
    }

    private func navigationItems(in folder: String, current: Int?, openSections: Set<String>) -> [NavigationItem] {
        guard let section = sections[folder] else { return [] }
        var shown = section.entries[...]
        var hidden = 0
        if section.entries.count > Self.navigationLimit {
            let position = current.flatMap { entryPosition(inSection: folder, towards: $0) }
            var keep = Array(0..<Self.navigationLead)
            if let position {
                keep += max(Self.navigationLead, position - Self.navigationRadius)...min(section.entries.count - 1, position + Self.navigationRadius)
            }
            shown = ArraySlice(keep.map { section.entries[$0] })
            hidden = section.entries.count - keep.count
        }
        var items = shown.map { entry in
            switch entry {
            case .page(let index):
                return NavigationItem(
                    title: pages[index].title, path: encodedPaths[index],
                    isCurrent: index == current, containsCurrent: index == current, isSection: false, children: [])
            case .section(let child):
                let isOpen = openSections.contains(child)
                return NavigationItem(
                    title: sections[child]?.title ?? child, path: sectionLandingPage(child).map { encodedPaths[$0] },
                    isCurrent: sections[child]?.indexPage == current, containsCurrent: isOpen, isSection: true,
                    children: isOpen ? navigationItems(in: child, current: current, openSections: openSections) : [])
            }
        }
        if hidden > 0 {
            let landing = folder.isEmpty ? homePage : sectionLandingPage(folder)
            items.append(
                NavigationItem(
                    title: "\(hidden) more in \(folder.isEmpty ? "this site" : section.title)", path: landing.map { encodedPaths[$0] },
                    isCurrent: false, containsCurrent: false, isSection: false, children: [], isMoreLink: true))
        }
        return items
    }

    /// A section's own page, or its first page when it has no `index.md`.
    func sectionLandingPage(_ folder: String) -> Int? {
        guard let section = sections[folder] else { return nil }
        if let index = section.indexPage { return index }
        for entry in section.entries {
            switch entry {
            case .page(let index): return index
            case .section(let child): if let page = sectionLandingPage(child) { return page }
            }
        }
        return nil
    }

    func breadcrumbs(for page: Int) -> [Link] {
        var crumbs: [Link] = []
        if let home = homePage, home != page { crumbs.append(link(to: home)) }
        for folder in sectionChain[page] {
            guard let section = sections[folder], let landing = sectionLandingPage(folder), landing != page else { continue }
            crumbs.append(Link(title: section.title, path: encodedPaths[landing]))
        }
        return crumbs
    }

    func previous(of page: Int) -> Link? {
        let position = positionInReadingOrder[page]
        return position > 0 ? link(to: readingOrder[position - 1]) : nil
    }

    func next(of page: Int) -> Link? {
        let position = positionInReadingOrder[page]
        return position + 1 < readingOrder.count ? link(to: readingOrder[position + 1]) : nil
    }

    /// Each page's number in `print.html`, from its place in the sidebar: the home page is 1, the
    /// other top-level entries 2, 3, …; a section's own page takes the section's number and its
    /// entries add one more (2.1, 2.2). Pages outside the reading order (404) get "".
    func outlineNumbers() -> [String] {
        var numbers = Array(repeating: "", count: pages.count)
        func number(_ folder: String, prefix: [Int]) {
            guard let section = sections[folder] else { return }
            var counter = 0
            if let index = section.indexPage {
                if folder.isEmpty {
                    counter = 1
                    numbers[index] = "1"
                } else {
                    numbers[index] = prefix.map(String.init).joined(separator: ".")
                }
            }
            for entry in section.entries {
                counter += 1
                switch entry {
                case .page(let index): numbers[index] = (prefix + [counter]).map(String.init).joined(separator: ".")
                case .section(let child): number(child, prefix: prefix + [counter])
                }
            }
        }
        number("", prefix: [])
        return numbers
    }

    /// Depth of a page in the sidebar, for indenting `print.html`.
    func depth(of page: Int) -> Int {
        let chain = sectionChain[page]
        let isSectionIndex = pages[page].isFolderIndex
        return max(0, chain.count - (isSectionIndex ? 1 : 0))
    }
}
