// toml++'s implementation (Debian's libtomlplusplus-dev headers), compiled once into Corridor
// instead of linking libtomlplusplus.so: see engine/io/CMakeLists.txt.
#define TOML_IMPLEMENTATION 1
#include <toml++/toml.h>
