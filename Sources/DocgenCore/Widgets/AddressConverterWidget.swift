/// The address converter placed with ```` ```widget address-converter ````.
public struct AddressConverterWidget: Widget {
    public init() {}
    public var name: String { "address-converter" }
    public var scripts: [String] { ["address-converter.js"] }
    public var stylesheets: [String] { ["address-converter.css"] }

    public func render(_ placement: WidgetPlacement, settings: SiteSettings) throws(Diagnostic) -> HTML {
        "<div data-widget=\"address-converter\"></div>"
    }
}
