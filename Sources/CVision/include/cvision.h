#ifndef CVISION_H
#define CVISION_H
int cv_placeholder(void);
#endif
