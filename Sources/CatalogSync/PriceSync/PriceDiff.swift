import Catalog
import Foundation
import HangarCore

/// The fields a price entry would change on one model, as old → new, and the write that does it.
struct PriceDiff {
    let model: CatalogModel
    let values: PriceValues
    private(set) var fields: [PriceSyncField] = []
    private(set) var write: SyncedValues

    init(model: CatalogModel, values: PriceValues) {
        self.model = model
        self.values = values
        write = SyncedValues(modelID: model.id)
        let oldInput = model.costInputPerMillion.map(Decimals.exact)
        if let new = values.costInputPerMillion, new != oldInput {
            fields.append(.init(field: "cost_input_per_million", old: Self.number(oldInput), new: Self.number(new)))
            write.costInputPerMillion = new
        }
        let oldOutput = model.costOutputPerMillion.map(Decimals.exact)
        if let new = values.costOutputPerMillion, new != oldOutput {
            fields.append(.init(field: "cost_output_per_million", old: Self.number(oldOutput), new: Self.number(new)))
            write.costOutputPerMillion = new
        }
        if let new = values.contextWindow, new != model.contextWindow {
            fields.append(.init(field: "context_window", old: .number(Double(model.contextWindow)), new: .number(Double(new))))
            write.contextWindow = new
        }
        if let new = values.maxOutputTokens, new != model.maxOutputTokens {
            fields.append(.init(field: "max_output_tokens", old: .number(Double(model.maxOutputTokens)), new: .number(Double(new))))
            write.maxOutputTokens = new
        }
        if let new = values.deprecationDate, new != model.deprecationDate {
            fields.append(.init(field: "deprecation_date", old: model.deprecationDate.map(JSONValue.string) ?? .null, new: .string(new)))
            write.deprecationDate = new
        }
        if successorChanged { write.successorAPIName = values.successorAPIName }
    }

    var successorChanged: Bool { values.successorAPIName != nil && values.successorAPIName != model.successorAPIName }

    func change(entry: String) -> PriceSyncChange {
        PriceSyncChange(
            modelID: model.id, name: model.name, providerID: model.providerID, apiName: model.apiName, entry: entry,
            successorAPIName: values.successorAPIName, fields: fields, notes: values.notes)
    }

    /// Six decimal places at most, so the double is the decimal's nearest and prints as it.
    static func number(_ value: Decimal?) -> JSONValue {
        value.map { .number(NSDecimalNumber(decimal: $0).doubleValue) } ?? .null
    }
}
