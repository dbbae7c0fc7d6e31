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
