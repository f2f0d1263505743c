/// What to build and how strictly.
public struct BuildOptions: Sendable {
    /// The content folder, as the user named it (used in messages, e.g. `Content`).
    public var contentDirectory: String
    /// The output folder; replaced as a whole when the build succeeds.
    public var outputDirectory: String
    /// Build pages marked `draft: true` too.
    public var includesDrafts = false
    /// Fail the build when there are warnings.
    public var isStrict = false
    /// Report broken links and anchors as warnings instead of errors.
    public var brokenLinksAreWarnings = false
    /// `false` checks everything and writes nothing (`docgen check`).
    public var writesOutput = true

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
}
