/// What to build and how strictly.
public struct BuildOptions: Sendable {
    /// The content folder to read.
    public var contentDirectory: String
    /// The output folder; replaced as a whole when the build succeeds.
    public var outputDirectory: String
    /// How messages name the content folder (`Content/setup/dns.md:4:2: …`); the path itself when `nil`.
    public var contentDisplayName: String?
    /// How messages name the output folder; the path itself when `nil`.
    public var outputDisplayName: String?
    /// Build pages marked `draft: true` too.
    public var includesDrafts = false
    /// Fail the build when there are warnings.
    public var isStrict = false
    /// Report broken links and anchors as warnings instead of errors.
    public var brokenLinksAreWarnings = false
    /// `false` checks everything and writes nothing (`docgen check`).
    public var writesOutput = true
    /// Replace an output folder that holds files docgen did not write (`--force`). Without it, docgen
    /// replaces only an absent or empty folder, or one its manifest shows it wrote.
    public var replacesAnyOutput = false
    /// Re-read every generated page with the output checker (`--paranoid`). Without it, the checker
    /// reads every page only when raw HTML is allowed; otherwise the pipeline has checked each URL the
    /// Markdown holds while rendering, and the checker reads one page per layout (and each page with
    /// front-matter values the templates see) to check what the theme's templates write.
    public var checksEveryPage = false
    /// Ignore the build cache and link nothing from the previous output: every file is rendered and
    /// written anew (`--clean`).
    public var isClean = false
    /// How recent a content file's change may be for the build cache to trust its stamp later; tests
    /// that edit files within the same second set it to 0.
    var racyWindow: Int64 = BuildCache.racyWindow

    public init(contentDirectory: String = "Content", outputDirectory: String = "Output") {
        self.contentDirectory = contentDirectory
        self.outputDirectory = outputDirectory
    }
}

/// What a successful build did.
public struct BuildReport: Sendable {
    public var pageCount: Int
    /// Files copied as they are: content files, theme and widget assets.
    public var assetCount: Int
    public var draftsSkipped: Int
    public var warnings: [Diagnostic]
    /// The search index written under `assets/search/` (0 and 0 when search is off or nothing was written).
    public var searchIndexBytes = 0
    public var searchIndexFiles = 0
    /// Nothing had changed since the last build, so nothing was rendered or written (see `BuildCache`).
    public var isUpToDate = false
    /// Pages rendered when the others were taken from the last build as they were (see
    /// `buildChangedPages` and `KeptPages`); `nil` when every page was rendered.
    public var pagesRendered: Int?
    /// Page files read by the first pass; the others' records (title, order, heading ids) were kept
    /// from the last build, their files being unchanged. `nil` when nothing was rendered.
    public var pagesRead: Int?
    /// Why a build went beyond rendering the changed pages (`--timings` shows it).
    public var whyEveryPage: String?
    /// Wall time of each stage, in order (`docgen build --timings`).
    public var stageSeconds: [(stage: String, seconds: Double)] = []
}
