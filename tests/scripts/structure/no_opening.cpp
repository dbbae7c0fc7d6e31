#include <string>

// This comment comes too late: the file must open with it.

int short_enough(int x) {
  return x + 1;
}
