import Foundation
import Testing
import TestSupport

extension BadInput {
    /// The cases of issue 9 ("Nothing lost") and their neighbours, one line each.
    static let all: [BadInput] = [
        // faceset pack: never replaces a pak with less, never deletes before the pak reads back.
        BadInput("pack over a pak with 0 faces left", [.packedFaces(at: "F")], ["faceset", "pack", "$/F"],
                 refuses: "$/F: holds no aligned face to pack"),
        BadInput("pack over a pak after adding one new face", [.packedFaces(at: "F"), .fixture("faceset/aligned/00001_0.jpg", at: "F/new_0.jpg")],
                 ["faceset", "pack", "$/F"], refuses: "$/F/faceset.pak: already holds 5 faces and would be replaced by a pack of 1", "--force"),
        BadInput("pack --force replaces a pak even with fewer faces, and says so", [.packedFaces(at: "F"), .fixture("faceset/aligned/00001_0.jpg", at: "F/new_0.jpg")],
                 ["faceset", "pack", "$/F", "--force"], says: "1 faces packed into $/F/faceset.pak (replaced a pack of 5 faces)"),
        BadInput("pack --delete-originals after a kill left the pak and some originals",
                 [.packedFaces(at: "F"), .fixture("faceset/aligned/00001_0.jpg", at: "F/00001_0.jpg"), .fixture("faceset/aligned/00003_0.jpg", at: "F/00003_0.jpg")],
                 ["faceset", "pack", "$/F", "--delete-originals"], says: "already holds these 5 faces; kept it, 2 originals deleted") { (root: URL) throws in
            #expect(try Expect.names(root, "F") == ["faceset.pak"])
            #expect(try Data(contentsOf: root.appendingPathComponent("F/faceset.pak")) == Data(contentsOf: ReferenceFixtures.url("faceset/packed/faceset.pak")))
        },
        BadInput("pack keeps a cut-short face out of the pak and on disk",
                 [.alignedFaces(at: "F"), .truncated("F/00002_0.jpg", to: 6000, at: "F/00002_0.jpg")],
                 ["faceset", "pack", "$/F", "--delete-originals"], says: "4 faces packed", "$/F/00002_0.jpg: is cut short") { (root: URL) throws in
            #expect(try Expect.names(root, "F") == ["00002_0.jpg", "faceset.pak", "not_a_jpeg.png", "plain_no_metadata.jpg"])
        },
        BadInput("pack given a file", [.alignedFaces(at: "F")], ["faceset", "pack", "$/F/00001_0.jpg"], refuses: "$/F/00001_0.jpg: is a file, not a folder"),
        // faceset unpack: overwrites as DFL does, but says so and counts; a short pak is refused.
        BadInput("unpack over an edited face says it replaced it", [.packedFaces(at: "F"), .text("F/00002_0.jpg", "edited")],
                 ["faceset", "unpack", "$/F"], says: "5 faces unpacked into $/F (1 existing files replaced"),
        BadInput("unpack of a short pak", [.packedFaces(at: "F"), .truncated("F/faceset.pak", to: 39_000, at: "F/faceset.pak")],
                 ["faceset", "unpack", "$/F"], refuses: "$/F/faceset.pak: not a valid faceset.pak: the file ends early"),
        // faceset metadata-save: a backup is not replaced by one of fewer faces.
        BadInput("metadata-save after an editor stripped the metadata of two faces",
                 [.alignedFaces(at: "F"), .masque(["faceset", "metadata-save", "$/F"]),
                  .overwrite("F/00001_0.jpg", withCopyOf: "F/plain_no_metadata.jpg"), .overwrite("F/00002_0.jpg", withCopyOf: "F/plain_no_metadata.jpg")],
                 ["faceset", "metadata-save", "$/F"], refuses: "$/F/meta.dat: holds the metadata of 5 faces and would be replaced by that of 3", "--force"),
        // faceset resize: an existing F_resized is emptied only with consent.
        BadInput("resize into a non-empty F_resized", [.fixture("faceset_resize/input", at: "F"), .text("F_resized/old_0.jpg", "earlier work")],
                 ["faceset", "resize", "$/F", "--size", "128"], refuses: "$/F_resized: already holds 1 images that the resize would delete", "--force"),
        // denoise: every frame whole before, nothing renamed, leftovers of a killed run removed.
        BadInput("denoise with a truncated frame among good ones", [.frames(in: "d", count: 6), .truncated("d/00004.png", to: 2000, at: "d/00003.png")],
                 ["denoise", "$/d"], refuses: "$/d/00003.png is not a complete PNG image"),
        BadInput("denoise with a non-image a.jpg beside b.jpg", [.frames(in: "j", count: 1, format: "jpg"), .copy("j/00001.jpg", to: "j/b.jpg"), .text("j/a.jpg", "not a picture")],
                 ["denoise", "$/j"], refuses: "$/j/a.jpg is not a complete JPEG image"),
        BadInput("denoise given a file", [.frames(in: "d", count: 2)], ["denoise", "$/d/00001.png"], refuses: "$/d/00001.png is a file, not a folder"),
        BadInput("denoise with a frame whose name is not UTF-8", [.frames(in: "d", count: 3), .nonUTF8Copy(of: "d/00001.png", in: "d", prefix: "0000", suffix: ".png")],
                 ["denoise", "$/d"], refuses: "$/d/0000\\xFF.png has a name that is not valid UTF-8"),
        BadInput("denoise removes what a killed run left", [.frames(in: "d", count: 4), .leftoverTemporary(in: "d", for: "denoise")],
                 ["denoise", "$/d"], says: "4 frames denoised") { root in Expect.noTemporaries(root) },
        BadInput("denoise finishes a run killed after its outputs were checked, instead of denoising twice",
                 [.frames(in: "d", count: 2), .copy("d/00002.png", to: "d/.masque-tmp.999999999.deadbeef.denoise/out/000001.png"),
                  .text("d/.masque-tmp.999999999.deadbeef.denoise/journal.json", "[\"00001.png\", \"00002.png\"]")],
                 ["denoise", "$/d"], says: "2 frames denoised") { (root: URL) throws in
            #expect(try Data(contentsOf: root.appendingPathComponent("d/00001.png")) == Data(contentsOf: root.appendingPathComponent("d/00002.png")))
            Expect.noTemporaries(root)
        },
        // cut-video: a track the video lacks is an error; a killed run's temporary goes.
        BadInput("cut-video --audio-track 5 on a video with one audio track", [.video("v.mp4")], ["cut-video", "$/v.mp4", "--audio-track", "5"],
                 refuses: "--audio-track 5 is invalid: expected 0 ($/v.mp4 has 1 audio track)"),
        BadInput("cut-video removes what a killed run left", [.video("v.mp4"), .leftoverTemporary(in: ".", for: "v_cut.mp4")],
                 ["cut-video", "$/v.mp4", "--to", "0.5"], says: "clip written to $/v_cut.mp4") { root in Expect.noTemporaries(root) },
        // model-info: a hostile header is an error, not an integer overflow.
        BadInput("model-info on a safetensors header with shape [2^40, 2^40]", [.safetensors("huge.safetensors", shape: [1 << 40, 1 << 40])],
                 ["model-info", "$/huge.safetensors"], refuses: "$/huge.safetensors"),
        // .dfm (issue 14): an ONNX file that is not a .dfm names what is missing; export-dfm needs a model.
        BadInput("model-info on an ONNX file that is not a .dfm", [.fixture("onnx/ops.onnx", at: "ops.onnx")],
                 ["model-info", "$/ops.onnx"], refuses: "$/ops.onnx is not a .dfm: it has no input named in_face:0"),
        BadInput("export-dfm from a folder without a model", [.text("M/readme.txt", "no model here")],
                 ["export-dfm", "--model-dir", "$/M"], refuses: "$/M holds no SAEHD model"),
        // faceset metadata-restore: a damaged meta.dat's image size is refused, not allocated.
        BadInput("metadata-restore with a saved shape of 2^40 x 2^40", [.alignedFaces(at: "F"), .metadataBackup("F/meta.dat", face: "00001_0.jpg", shape: [1 << 40, 1 << 40, 3])],
                 ["faceset", "metadata-restore", "$/F"], refuses: "$/F/00001_0.jpg: its saved shape [1099511627776, 1099511627776, 3] in meta.dat is not an image size"),
        // video-from-frames: a frame rate too large to hold is refused by the parser, not a crash.
        BadInput("video-from-frames --fps 1e300", [.frames(in: "d", count: 2)], ["video-from-frames", "$/d", "--out", "$/x.mp4", "--fps", "1e300"],
                 rejectsUsage: "The value '1e300' is invalid for '--fps <fps>'"),
        // extract-frames: --fps within the video's rate; frames replaced only by as many.
        BadInput("extract-frames --fps 1e9", [.video("v.mp4")], ["extract-frames", "$/v.mp4", "--fps", "1e9"],
                 refuses: "--fps 1000000000 is invalid: expected 0 (every frame) to 25 (the frame rate of $/v.mp4)"),
        BadInput("extract-frames over more frames than the video gives", [.video("v.mp4"), .frames(in: "v", count: 30)],
                 ["extract-frames", "$/v.mp4"], refuses: "$/v holds 30 png frames and the video gives 25", "--force"),
        BadInput("extract-frames --out naming a file", [.video("v.mp4"), .text("out", "notes")], ["extract-frames", "$/v.mp4", "--out", "$/out"],
                 refuses: "$/out is a file, not a folder"),
        BadInput("extract-frames --out under a file gives the system's reason", [.video("v.mp4"), .text("out", "notes")],
                 ["extract-frames", "$/v.mp4", "--out", "$/out/frames"], refuses: "$/out/frames: Not a directory"),
        BadInput("extract-frames of a picture that is no picture leaves no empty folder", [.text("clip.png", "x")], ["extract-frames", "$/clip.png"],
                 refuses: "$/clip.png"),
        BadInput("extract-frames removes what a killed run left", [.video("v.mp4"), .frames(in: "v", count: 2), .leftoverTemporary(in: "v", for: "frames")],
                 ["extract-frames", "$/v.mp4", "--fps", "5"], says: "5 frames written to $/v") { (root: URL) throws in
            Expect.noTemporaries(root)
            #expect(try Expect.names(root, "v") == (1...5).map { String(format: "%05d.png", $0) })
        },
        // extract-faces: frames too small for a detector are counted, never a crash.
        BadInput("extract-faces on one 1x1 frame", [.image("f/00001.png", size: "1x1")], ["extract-faces", "--input", "$/f", "--device", "cpu"],
                 says: "skipped 1 frames smaller than 128 px"),
        BadInput("extract-faces on 1x720 and 720x1 frames", [.image("f/00001.png", size: "1x720"), .image("f/00002.png", size: "720x1")],
                 ["extract-faces", "--input", "$/f", "--device", "cpu"], says: "skipped 2 frames smaller than 128 px"),
        BadInput("extract-faces given a file", [.frames(in: "f", count: 1)], ["extract-faces", "--input", "$/f/00001.png", "--device", "cpu"],
                 refuses: "$/f/00001.png is a file, not a folder"),
        BadInput("extract-faces with a frame whose name is not UTF-8", [.frames(in: "f", count: 1), .nonUTF8Copy(of: "f/00001.png", in: "f", prefix: "0000", suffix: ".png")],
                 ["extract-faces", "--input", "$/f", "--device", "cpu"], refuses: "$/f/0000\\xFF.png has a name that is not valid UTF-8"),
        BadInput("extract-faces --max-faces=-1", [.frames(in: "f", count: 1)], ["extract-faces", "--input", "$/f", "--max-faces=-1", "--device", "cpu"],
                 refuses: "--max-faces must be 0 (all) or more"),
        BadInput("extract-faces with a 1x1 --reference image", [.frames(in: "f", count: 1), .image("ref.png", size: "1x1")],
                 ["extract-faces", "--input", "$/f", "--reference", "$/ref.png", "--device", "cpu"], refuses: "no face found in the reference image $/ref.png"),
        BadInput("extract-faces --manual-faces with a box 3e38 pixels wide",
                 [.frames(in: "f", count: 1), .text("faces.json", #"{"00001.png": [{"box": [0, 0, 3e38, 3e38]}]}"#)],
                 ["extract-faces", "--input", "$/f", "--manual-faces", "$/faces.json", "--device", "cpu"],
                 refuses: "$/faces.json: face 1 of 00001.png needs a box", "within ±1000000 pixels"),
        // sort and dedupe: a file for a folder, a name that is not UTF-8.
        BadInput("sort given a file", [.alignedFaces(at: "F")], ["sort", "$/F/00001_0.jpg", "--method", "blur"], refuses: "$/F/00001_0.jpg", "is a file, not a folder"),
        BadInput("sort empties F_trash as DFL does, and says how many it deleted",
                 [.fixture("faceset_resize/input", at: "F"), .copy("F/00001_0.jpg", to: "F/00001_1.jpg"), .text("F_trash/old_0.jpg", "earlier reject")],
                 ["sort", "$/F", "--method", "oneface"], says: "moved 2 faces to $/F_trash (its 1 images from an earlier sort were deleted first)") { (root: URL) throws in
            #expect(try Expect.names(root, "F_trash") == ["00001_0.jpg", "00001_1.jpg"])
        },
        BadInput("sort final --target-count far above any faceset", [.alignedFaces(at: "F")],
                 ["sort", "$/F", "--method", "final", "--target-count", "9223372036854775807"],
                 refuses: "--target-count must be 1–1000000 (got 9223372036854775807)"),
        BadInput("sort identity --identity-threshold inf", [.alignedFaces(at: "F")],
                 ["sort", "$/F", "--method", "identity", "--identity-threshold", "inf"], refuses: "--identity-threshold must be a positive number (got inf)"),
        BadInput("dedupe with a face whose name is not UTF-8", [.alignedFaces(at: "F"), .nonUTF8Copy(of: "F/00001_0.jpg", in: "F", prefix: "x", suffix: ".jpg")],
                 ["dedupe", "$/F", "--level", "1"], refuses: "$/F/x\\xFF.jpg", "not valid UTF-8"),
    ]

    /// Output folders that cannot be written: each command names the folder and the system's reason.
    static let readOnlyOutputs: [BadInput] = [
        BadInput("extract-frames into a read-only folder", [.video("v.mp4"), .file("ro/.keep", []), .readOnly("ro")],
                 ["extract-frames", "$/v.mp4", "--out", "$/ro/frames"], refuses: "$/ro/frames: Permission denied"),
        BadInput("cut-video into a read-only folder", [.video("v.mp4"), .file("ro/.keep", []), .readOnly("ro")],
                 ["cut-video", "$/v.mp4", "--out", "$/ro/c.mp4"], refuses: "$/ro: cannot be written (Permission denied)"),
        BadInput("video-from-frames into a read-only folder", [.frames(in: "ro/d", count: 2), .readOnly("ro")],
                 ["video-from-frames", "$/ro/d", "--out", "$/ro/x.mp4"], refuses: "$/ro: cannot be written (Permission denied)"),
        BadInput("denoise of a read-only folder", [.frames(in: "d", count: 2), .readOnly("d")],
                 ["denoise", "$/d"], refuses: "$/d: cannot be written (Permission denied)"),
        BadInput("extract-faces from a read-only folder", [.frames(in: "f", count: 1), .readOnly("f")],
                 ["extract-faces", "--input", "$/f", "--device", "cpu"], refuses: "cannot create $/f/aligned: Permission denied"),
        BadInput("faceset pack of a read-only folder", [.alignedFaces(at: "F"), .readOnly("F")],
                 ["faceset", "pack", "$/F"], refuses: "$/F/faceset.pak: cannot be written (Permission denied)"),
        BadInput("faceset metadata-save of a read-only folder", [.alignedFaces(at: "F"), .readOnly("F")],
                 ["faceset", "metadata-save", "$/F"], refuses: "$/F/meta.dat: cannot be written (Permission denied)"),
        BadInput("faceset resize beside a read-only folder", [.fixture("faceset_resize/input", at: "ro/F"), .readOnly("ro")],
                 ["faceset", "resize", "$/ro/F", "--size", "128"], refuses: "$/ro: cannot be written (Permission denied)"),
        BadInput("sort of a read-only folder", [.fixture("faceset_resize/input", at: "F"), .readOnly("F")],
                 ["sort", "$/F", "--method", "blur"], refuses: "$/F/", "(Permission denied)"),
    ]
}
