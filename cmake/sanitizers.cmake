# THRONG_FUZZ: builds everything with clang's fuzzer coverage instrumentation
# plus AddressSanitizer and UndefinedBehaviorSanitizer, so that the libFuzzer
# targets in tests/fuzz see into the libraries they drive. Must be included
# before the libraries are added. Assertions stay on (-UNDEBUG), so that
# misuse the sanitizers cannot see still stops the fuzzer.
if(THRONG_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "THRONG_FUZZ needs clang (CXX=clang++)")
  endif()
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined
    -fno-sanitize-recover=undefined -fno-omit-frame-pointer -UNDEBUG)
  add_link_options(-fsanitize=address,undefined)
endif()

# THRONG_SANITIZE=address,undefined (scripts/sanitize.sh asan): compiles
# throng's libraries and binary with those sanitizers, at -O1 with line
# tables, and links every target with their runtimes. The tests' own code is
# compiled as in the plain build, so ccache serves it from that build: the
# libraries are what the suite checks, and the sanitizers allow such a mix.
set(THRONG_SANITIZE "" CACHE STRING
  "Sanitizers for throng's libraries and binary, e.g. address,undefined")
if(THRONG_SANITIZE)
  add_link_options(-fsanitize=${THRONG_SANITIZE})
endif()

# throng_instrument(target): applies THRONG_SANITIZE to target's sources.
# With the sanitizers g++ sees a false -Wmaybe-uninitialized inside Beast's
# parser (boost::optional, inlined into http/client_pool.cpp).
function(throng_instrument target)
  if(THRONG_SANITIZE)
    target_compile_options(${target} PRIVATE -fsanitize=${THRONG_SANITIZE}
      -fno-sanitize-recover=all -fno-omit-frame-pointer -O1 -g1
      -Wno-maybe-uninitialized)
  endif()
endfunction()
