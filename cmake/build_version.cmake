# The build's version, "PROJECT_VERSION+COMMIT" (for example
# "0.1.0+327d70f1a2b3"): the short commit of the source tree when it is a git
# checkout, "unknown" otherwise. Taken at configure time and written into one
# generated source, THRONG_BUILD_VERSION_SOURCE, which the protocol library
# compiles; protocol/build_version.hpp declares the function it defines, so
# nothing else is rebuilt when the value changes. A commit made after
# configuring is picked up at the next configure.
find_package(Git QUIET)
set(THRONG_BUILD_COMMIT "unknown")
if(GIT_FOUND)
  execute_process(
    COMMAND "${GIT_EXECUTABLE}" rev-parse --short=12 HEAD
    WORKING_DIRECTORY "${PROJECT_SOURCE_DIR}"
    RESULT_VARIABLE THRONG_GIT_RESULT
    OUTPUT_VARIABLE THRONG_GIT_COMMIT
    OUTPUT_STRIP_TRAILING_WHITESPACE
    ERROR_QUIET)
  if(THRONG_GIT_RESULT EQUAL 0 AND THRONG_GIT_COMMIT MATCHES "^[0-9a-f]+$")
    set(THRONG_BUILD_COMMIT "${THRONG_GIT_COMMIT}")
  endif()
endif()
set(THRONG_BUILD_VERSION "${PROJECT_VERSION}+${THRONG_BUILD_COMMIT}")
set(THRONG_BUILD_VERSION_SOURCE "${PROJECT_BINARY_DIR}/generated/protocol/build_version.cpp")
configure_file("${PROJECT_SOURCE_DIR}/protocol/build_version.cpp.in"
  "${THRONG_BUILD_VERSION_SOURCE}" @ONLY)
message(STATUS "throng build version: ${THRONG_BUILD_VERSION}")
