# throng_warnings(target): strict warnings for throng's own code. Library
# headers are system headers, so -Werror never fires on them.
function(throng_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow
    -Wnon-virtual-dtor -Wold-style-cast -Wcast-align -Wunused
    -Woverloaded-virtual)
  if(THRONG_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
