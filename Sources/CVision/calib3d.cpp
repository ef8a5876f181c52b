// Camera geometry (calib3d): pose from point correspondences and rotation conversions.
#include "internal.h"
#include <opencv2/calib3d.hpp>
#include <stdexcept>

using namespace cvision;

extern "C" {

int cv_solve_pnp(const float *object_xyz, const float *image_xy, int32_t count, const float camera[9],
                 double rotation_vector[3], double translation[3]) {
  return guarded("solve_pnp", [&] {
    if (object_xyz == nullptr || image_xy == nullptr || camera == nullptr || rotation_vector == nullptr ||
        translation == nullptr || count < 4)
      throw std::invalid_argument("needs at least 4 point pairs and all buffers");
    cv::Mat object(count, 1, CV_32FC3, const_cast<float *>(object_xyz));
    cv::Mat image(count, 1, CV_32FC2, const_cast<float *>(image_xy));
    cv::Mat camera_matrix(3, 3, CV_32F, const_cast<float *>(camera));
    cv::Mat distortion = cv::Mat::zeros(4, 1, CV_64F);
    cv::Mat rvec, tvec;
    if (!cv::solvePnP(object, image, camera_matrix, distortion, rvec, tvec, false, cv::SOLVEPNP_ITERATIVE))
      throw std::runtime_error("solvePnP found no pose");
    rvec.convertTo(rvec, CV_64F);
    tvec.convertTo(tvec, CV_64F);
    for (int i = 0; i < 3; ++i) {
      rotation_vector[i] = rvec.at<double>(i);
      translation[i] = tvec.at<double>(i);
    }
  });
}

int cv_rodrigues(const double rotation_vector[3], double rotation_matrix[9]) {
  return guarded("rodrigues", [&] {
    if (rotation_vector == nullptr || rotation_matrix == nullptr) throw std::invalid_argument("null buffer");
    cv::Mat vector(3, 1, CV_64F, const_cast<double *>(rotation_vector));
    cv::Mat matrix(3, 3, CV_64F, rotation_matrix);
    cv::Rodrigues(vector, matrix);
    if (matrix.data != reinterpret_cast<uchar *>(rotation_matrix))
      throw std::runtime_error("Rodrigues did not write a 3x3 matrix");
  });
}

}  // extern "C"
