/// An interactive element an author places in Markdown with a fenced block:
///
/// ````markdown
/// ```widget address-converter
/// ```
/// ````
///
/// On GitHub or in any CommonMark viewer the block shows as a code block naming the widget; docgen
/// replaces it with the widget's markup and adds the widget's scripts to the page.
public protocol Widget: Sendable {
    /// The name written after `widget` in the fence's info string.
    var name: String { get }
    /// Scripts (file names in `Resources/widgets/`) the page must load, in order.
    var scripts: [String] { get }
    /// Stylesheets (file names in `Resources/widgets/`) the page must load.
    var stylesheets: [String] { get }
    /// The widget's markup. `placement.ordinal` tells the n-th widget on a page, for unique ids.
    func render(_ placement: WidgetPlacement, settings: SiteSettings) throws(Diagnostic) -> HTML
}

/// Where a widget was placed, and the text written inside its fence.
public struct WidgetPlacement: Sendable {
    public var location: SourceLocation
    /// The fence's content: optional options for the widget (YAML); most widgets take none.
    public var body: String
    /// 1 for the first widget on the page, 2 for the second, …
    public var ordinal: Int

    public init(location: SourceLocation, body: String, ordinal: Int) {
        self.location = location
        self.body = body
        self.ordinal = ordinal
    }

    /// A page-unique id for an element of this widget: `<prefix>-<ordinal>-<part>`.
    public func id(_ prefix: String, _ part: String) -> String {
        "\(prefix)-\(ordinal)-\(part)"
    }
}

/// The widgets a build knows, by name.
public struct WidgetRegistry: Sendable {
    public private(set) var widgets: [String: any Widget]

    public init(_ widgets: [any Widget]) {
        self.widgets = Dictionary(widgets.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The widgets docgen ships.
    public static let standard = WidgetRegistry([AddressConverterWidget(), RequestEmailWidget()])

    public subscript(name: String) -> (any Widget)? { widgets[name] }

    public var names: [String] { widgets.keys.sorted() }
}
