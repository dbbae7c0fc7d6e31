# throng_warnings(target): strict warnings for throng's own code, errors with
# THRONG_WERROR (the project's scripts). Library headers are system headers,
# but GCC still warns about library code inlined into throng's.
function(throng_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow
    -Wnon-virtual-dtor -Wold-style-cast -Wcast-align -Wunused
    -Woverloaded-virtual)
  if(THRONG_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()

# throng_library(name SOURCES ... PUBLIC ... PRIVATE ...): one folder's
# library, `throng_<name>` with the alias `throng::<name>`, its headers found
# from the repository root, with throng's warnings (and THRONG_SANITIZE).
function(throng_library name)
  cmake_parse_arguments(L "" "" "SOURCES;PUBLIC;PRIVATE" ${ARGN})
  add_library(throng_${name} ${L_SOURCES})
  add_library(throng::${name} ALIAS throng_${name})
  target_include_directories(throng_${name} PUBLIC ${PROJECT_SOURCE_DIR})
  target_link_libraries(throng_${name} PUBLIC ${L_PUBLIC} PRIVATE ${L_PRIVATE})
  throng_warnings(throng_${name})
  throng_instrument(throng_${name})
endfunction()
