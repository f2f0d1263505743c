/// The provisioning request-email form placed with ```` ```widget request-email ````.
public struct RequestEmailWidget: Widget {
    public init() {}
    public var name: String { "request-email" }
    public var scripts: [String] { ["request-email.js"] }
    public var stylesheets: [String] { ["request-email.css"] }

    public func render(_ placement: WidgetPlacement, settings: SiteSettings) throws(Diagnostic) -> HTML {
        "<div data-widget=\"request-email\"></div>"
    }
}
