/**
 * unipart's test kit: fakes of the five providers' whole multipart lifecycles on this machine
 * ({@link io.unipart.testkit.UnipartFake}, a JUnit 5 extension), their fault switches ({@link
 * io.unipart.testkit.Faults}), and what landed ({@link io.unipart.testkit.Landed}) and was sent
 * ({@link io.unipart.testkit.SeenRequest}). Test upload code with no cloud account.
 */
package io.unipart.testkit;
