// A compliant source: its functions stay within the limit, whatever braces
// its strings, characters and comments hold.

#include <string>

#define FIXTURE_BRACE {

namespace fixture {

namespace {

struct point {
  int x = 0;
  int y{0};
};

constexpr int table[] = {1, 2, 3};

} // namespace

int at_the_limit(int x) {
  const char* s = "{ not a brace }";
  char open = '{';
  char close = '}';
  // { nor is this one
  /* nor { these } */
  const char* raw = R"({ "json": [1, 2, {"deep": true}] })";
  const char* raw2 = R"x(a )" { in a raw string )x";
  long big = 1'000'000;
  auto add = [&](int y) {
    return x + y;
  };
  if (open == close) {
    x = add(static_cast<int>(big));
  }
  x += s[0] + raw[0] + raw2[0];
  x += 0;
  x += 1;
  x += 2;
  x += 3;
  x += 4;
  x += 5;
  x += 6;
  x += 7;
  x += 8;
  x += 9;
  x += 10;
  x += 11;
  x += 12;
  x += 13;
  x += 14;
  x += 15;
  x += 16;
  x += 17;
  x += 18;
  x += 19;
  x += 20;
  x += 21;
  x += 22;
  x += 23;
  x += 24;
  x += 25;
  x += 26;
  x += 27;
  x += 28;
  x += 29;
  x += 30;
  x += 31;
  x += 32;
  x += 33;
  x += 34;
  x += 35;
  x += 36;
  x += 37;
  x += 38;
  x += 39;
  x += 40;
  x += 41;
  x += 42;
  x += 43;
  x += 44;
  x += 45;
  x += 46;
  x += 47;
  x += 48;
  x += 49;
  x += 50;
  x += 51;
  x += 52;
  x += 53;
  x += 54;
  x += 55;
  x += 56;
  x += 57;
  x += 58;
  x += 59;
  x += 60;
  x += 61;
  return x + 62;
}

} // namespace fixture
