// A bounded HTTP response parser (response_reader.hpp).

#include "http/response_reader.hpp"

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wnull-dereference"
#include <boost/beast/core/string.hpp>
#pragma GCC diagnostic pop

#include "http/cookies.hpp"

namespace throng::http {

namespace bhttp = boost::beast::http;

response_reader::response_reader(const request_style& style) : style_(style) {
}

void response_reader::on_request_impl(bhttp::verb, string_view, string_view, int,
                                      error_code&) {
}

void response_reader::on_response_impl(int code, string_view, int, error_code&) {
  status = code;
}

void response_reader::on_field_impl(bhttp::field f, string_view name, string_view value,
                                    error_code&) {
  if (!style_.shard_header.empty() && boost::beast::iequals(name, style_.shard_header))
    shard.assign(value.data(), value.size());
  else if (f == bhttp::field::set_cookie && !style_.session_cookie.empty())
    if (auto v = set_cookie_value({value.data(), value.size()}, style_.session_cookie))
      session.assign(v->data(), v->size());
}

void response_reader::on_header_impl(error_code&) {
}

// The parser has checked the length against the body limit already.
void response_reader::on_body_init_impl(const boost::optional<std::uint64_t>& length,
                                        error_code&) {
  if (length)
    body.reserve(static_cast<std::size_t>(*length));
}

std::size_t response_reader::on_body_impl(string_view s, error_code&) {
  body.append(s.data(), s.size());
  return s.size();
}

void response_reader::on_chunk_header_impl(std::uint64_t, string_view, error_code&) {
}

std::size_t response_reader::on_chunk_body_impl(std::uint64_t, string_view s, error_code&) {
  body.append(s.data(), s.size());
  return s.size();
}

void response_reader::on_finish_impl(error_code&) {
}

} // namespace throng::http
