import Foundation

/// The warning an active model carries when its provider's deprecation date is near or past:
/// written once here for the model test, the gateway's `Hangar-Warning` and `GET /api/meta`
/// (the UI reads the number of days there).
public enum DeprecationNotice {
    public static let warningDays = 30

    /// Nil unless `model` is active and its date is at most `warningDays` away (or past).
    public static func message(for model: CatalogModel, today: CivilDay) -> String? {
        guard model.status == .active, let text = model.deprecationDate, let date = CivilDay(text) else { return nil }
        let days = date.number - today.number
        guard days <= warningDays else { return nil }
        let successor = model.successorAPIName.map { " Its provider names '\($0)' as the successor." } ?? ""
        let when =
            switch days {
            case ..<0: "was deprecated by its provider on \(text)"
            case 0: "is deprecated by its provider today (\(text))"
            case 1: "will be deprecated by its provider tomorrow (\(text))"
            default: "will be deprecated by its provider on \(text), in \(days) days"
            }
        return "'\(model.providerID)/\(model.apiName)' \(when).\(successor)"
    }
}
