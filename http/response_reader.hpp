#pragma once

// A bounded HTTP response parser that keeps only what throng reads of an
// answer: its status, shard header, session cookie and body.

#include <cstddef>
#include <cstdint>
#include <string>

// Beast's inlined internals trip -Wnull-dereference at -O2 (false positives
// located in its headers); the warning stays on for our code.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wnull-dereference"
#include <boost/beast/http/basic_parser.hpp>
#pragma GCC diagnostic pop

#include "http/request_style.hpp"

namespace throng::http {

/// A response parser that fills in the parts throng reads (the status, the
/// shard header and the session cookie that `style` names, the body),
/// sparing the allocation per header field that Beast's message type
/// makes. Fed through Beast's basic_parser interface (put(), put_eof());
/// its header and body limits are the caller's to set, and a parse error
/// comes back as put()'s error code. `style` must outlive it. One per
/// answer; not thread-safe.
class response_reader final : public boost::beast::http::basic_parser<false> {
public:
  explicit response_reader(const request_style& style);

  int status = 0;
  std::string shard;
  std::string session;
  std::string body;

private:
  using error_code = boost::beast::error_code;
  using string_view = boost::beast::string_view;

  void on_request_impl(boost::beast::http::verb, string_view, string_view, int,
                       error_code&) override;
  void on_response_impl(int code, string_view, int, error_code&) override;
  void on_field_impl(boost::beast::http::field f, string_view name, string_view value,
                     error_code&) override;
  void on_header_impl(error_code&) override;
  void on_body_init_impl(const boost::optional<std::uint64_t>& length,
                         error_code&) override;
  std::size_t on_body_impl(string_view s, error_code&) override;
  void on_chunk_header_impl(std::uint64_t, string_view, error_code&) override;
  std::size_t on_chunk_body_impl(std::uint64_t, string_view s, error_code&) override;
  void on_finish_impl(error_code&) override;

  const request_style& style_;
};

} // namespace throng::http
