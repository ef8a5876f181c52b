import ArgumentParser
import Models

/// `masque xseg train`: DFL's `5.XSeg) train` — the same training as `masque train xseg`.
struct XSegTrain: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train the XSeg mask model on every labelled face of src and dst (polygons; else applied masks).",
        discussion: TrainArguments.discussion + """
             XSeg's options are face_type (wf; fixed at creation), batch_size (4, 2–16) and pretrain; the model \
            is saved as <model-dir>/XSeg/ and previewed in <model-dir>/XSeg_preview.png (training faces, src faces and \
            dst faces, each with the predicted mask).
            """)

    @OptionGroup var arguments: TrainArguments

    func run() throws {
        try CommandFailure.reporting { try arguments.train(.xseg) }
    }
}
