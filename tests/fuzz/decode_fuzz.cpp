// Feeds arbitrary bytes to every body decoder, to the route parser and to the
// URL parser. None may crash, leak or hit undefined behaviour, and what they
// accept must survive a round trip: encoding a decoded body and decoding it
// again gives the same value; the path built from a parsed route parses to
// the same route; the text of a parsed URL parses to the same URL.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <tuple>

#include "http/url.hpp"
#include "protocol/api_types.hpp"
#include "protocol/codec.hpp"
#include "protocol/routes.hpp"

namespace {

using namespace throng;

auto fields(const protocol::credentials& x) {
  return std::tie(x.name, x.password);
}
auto fields(const protocol::account_created& x) {
  return std::tie(x.id, x.name, x.token);
}
auto fields(const protocol::session_created& x) {
  return std::tie(x.account_id, x.token);
}
auto fields(const protocol::account_info& x) {
  return std::tie(x.id, x.name, x.note_count);
}
auto fields(const protocol::account_update& x) {
  return std::tie(x.name);
}
auto fields(const protocol::note_content& x) {
  return std::tie(x.content);
}
auto fields(const protocol::note& x) {
  return std::tie(x.id, x.content);
}
auto fields(const protocol::error_body& x) {
  return std::tie(x.error);
}

bool same(const protocol::note_list& a, const protocol::note_list& b) {
  if (a.notes.size() != b.notes.size())
    return false;
  for (std::size_t i = 0; i < a.notes.size(); ++i)
    if (fields(a.notes[i]) != fields(b.notes[i]))
      return false;
  return true;
}

template <class T>
bool same(const T& a, const T& b) {
  return fields(a) == fields(b);
}

template <class T>
void check_decode(std::string_view input) {
  auto x = protocol::decode<T>(input);
  if (!x)
    return;
  auto again = protocol::decode<T>(protocol::encode(*x));
  if (!again || !same(*x, *again))
    std::abort();
}

void check_route(std::string_view input) {
  using protocol::route_kind;
  auto r = protocol::parse_route(input);
  std::string path;
  switch (r.kind) {
    case route_kind::account:
      path = protocol::account_path(r.account_id);
      break;
    case route_kind::notes:
      path = protocol::notes_path(r.account_id);
      break;
    case route_kind::note:
      path = protocol::note_path(r.account_id, r.note_id);
      break;
    default:
      return;
  }
  auto again = protocol::parse_route(path);
  if (again.kind != r.kind || again.account_id != r.account_id
      || again.note_id != r.note_id)
    std::abort();
}

void check_url(std::string_view input) {
  auto u = http::parse_url(input);
  if (!u)
    return;
  auto again = http::parse_url(http::to_string(*u));
  if (!again || again->tls != u->tls || again->host != u->host
      || again->port != u->port || again->base_path != u->base_path)
    std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  std::string_view input{reinterpret_cast<const char*>(data), size};
  check_decode<protocol::credentials>(input);
  check_decode<protocol::account_created>(input);
  check_decode<protocol::session_created>(input);
  check_decode<protocol::account_info>(input);
  check_decode<protocol::account_update>(input);
  check_decode<protocol::note_content>(input);
  check_decode<protocol::note>(input);
  check_decode<protocol::note_list>(input);
  check_decode<protocol::error_body>(input);
  check_route(input);
  check_url(input);
  return 0;
}
