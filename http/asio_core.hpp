#pragma once

// Asio's core for the http target's sources: the I/O context, posting,
// work guards and steady timers. Included only from http's .cpp files.

// Asio's inlined internals trip -Wnull-dereference at -O2 (false positives
// located in its headers); the warning stays on for our code.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wnull-dereference"
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#pragma GCC diagnostic pop
