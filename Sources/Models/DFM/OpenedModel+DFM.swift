import Foundation
import Support
import Training

extension OpenedModel {
    /// DFL's `.dfm` file name in `folder`: `<name>_<Class>_model.dfm`.
    public func dfmFile(in folder: URL) -> URL {
        DFLTrainedModel(folder: folder, name: saved.name, modelClass: saved.kind.className).file("model.dfm")
    }

    /// Writes the model as a `.dfm` (atomically) to `url`; `half` stores the weights as float16.
    /// Throws for XSeg models.
    public func exportDFM(to url: URL, half: Bool) throws {
        let data: Data
        switch network {
        case .swap(let model): data = try DFMExport.data(model.network, half: half)
        case .amp(let model): data = try DFMExport.data(model.network, half: half)
        case .xseg:
            throw TrainingError("\(saved.name) is an XSeg model: export-dfm writes SAEHD, Quick96 and AMP models (give --kind saehd or amp)")
        }
        try DFMExport.write(data, to: url)
    }
}
